import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState, useSyncExternalStore } from "react";
import { basePath, matchRoute, type Route, routePath } from "./routes.js";

/**
 * A tiny router on the History API. Navigation resolves relative hrefs against the document base
 * that the server pins per request, so the same code works at `/` and under ingress.
 */
const NAVIGATE_EVENT = "hasync:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

const snapshot = () => window.location.href;

export interface Location {
  route: Route;
  query: URLSearchParams;
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href);
  const route = matchRoute(routePath(url.pathname, basePath(document.baseURI)));
  return { route, query: url.searchParams, href };
}

interface NavigateOptions {
  replace?: boolean;
  /** A one-line message for the next screen ("Kitchen tablet is paired."), kept in history state. */
  flash?: string;
}

/** Goes to a relative href such as `devices/abc` or `./`. */
export function navigate(href: string, options: NavigateOptions = {}): void {
  const url = new URL(href, document.baseURI).href;
  const state = options.flash === undefined ? null : { flash: options.flash };
  if (options.replace) window.history.replaceState(state, "", url);
  else window.history.pushState(state, "", url);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  window.scrollTo(0, 0);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string };

/** An ordinary anchor (so open-in-new-tab works) that navigates in place on a plain click. */
export function Link({ href, onClick, ...rest }: LinkProps) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const plain = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (event.defaultPrevented || !plain || rest.target) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}

function flashOf(): string | undefined {
  const state: unknown = window.history.state;
  const flash = (state as { flash?: unknown } | null)?.flash;
  return typeof flash === "string" ? flash : undefined;
}

/** The flash message the previous screen left for this one; shown once, gone after a reload. */
export function useFlash(): string | undefined {
  const [flash] = useState(flashOf);
  useEffect(() => {
    if (flash !== undefined) window.history.replaceState(null, "", window.location.href);
  }, [flash]);
  return flash;
}
