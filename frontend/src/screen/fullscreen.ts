/**
 * The Fullscreen API with Safari's prefix (iPadOS before 16.4 only has `webkit…`). iPhones have
 * neither for pages, so the button is not shown there.
 */
interface PrefixedDocument {
  webkitFullscreenEnabled?: boolean;
  webkitFullscreenElement?: Element | null;
  webkitExitFullscreen?: () => void;
}
interface PrefixedElement {
  webkitRequestFullscreen?: () => void;
}

export function fullscreenSupported(doc: Document = document): boolean {
  return Boolean(doc.fullscreenEnabled || (doc as PrefixedDocument).webkitFullscreenEnabled);
}

export function isFullscreen(doc: Document = document): boolean {
  return Boolean(doc.fullscreenElement ?? (doc as PrefixedDocument).webkitFullscreenElement);
}

export function toggleFullscreen(doc: Document = document): void {
  const prefixed = doc as PrefixedDocument;
  if (isFullscreen(doc)) {
    if (doc.exitFullscreen) void doc.exitFullscreen().catch(() => undefined);
    else prefixed.webkitExitFullscreen?.();
    return;
  }
  const root = doc.documentElement;
  if (root.requestFullscreen) void root.requestFullscreen().catch(() => undefined);
  else (root as PrefixedElement).webkitRequestFullscreen?.();
}

/** `fullscreenchange` under both names. Returns the unsubscribe. */
export function onFullscreenChange(listener: () => void, doc: Document = document): () => void {
  doc.addEventListener("fullscreenchange", listener);
  doc.addEventListener("webkitfullscreenchange", listener);
  return () => {
    doc.removeEventListener("fullscreenchange", listener);
    doc.removeEventListener("webkitfullscreenchange", listener);
  };
}
