import { useEffect, useRef, useState } from "react";

/** hui-image.ts refreshes a camera's still every 10 s (UPDATE_INTERVAL). */
export const CAMERA_REFRESH_MS = 10_000;

/**
 * `entity_picture` with a counter appended, so each refresh is a new request. HAsync's camera
 * proxy rebuilds the query from the parameters HA reads and ignores the rest (cameras/query.ts).
 */
export function snapshotUrl(picture: string, tick: number): string {
  if (tick === 0) return picture;
  return `${picture}${picture.indexOf("?") === -1 ? "?" : "&"}_=${tick}`;
}

/** True while the element is on screen and the page is visible. */
function useVisible(ref: { current: Element | null }): boolean {
  const [onScreen, setOnScreen] = useState(false);
  const [pageVisible, setPageVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) setOnScreen(entry.isIntersecting);
    });
    observer.observe(element);
    const onVisibility = () => setPageVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [ref]);
  return onScreen && pageVisible;
}

/** A camera's snapshot through HAsync's signed camera proxy, refreshed while it can be seen. */
export function CameraImage(props: { picture: string | undefined; name: string; online: boolean }) {
  const { picture, name, online } = props;
  const box = useRef<HTMLDivElement>(null);
  const visible = useVisible(box);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!visible || !online || !picture) return;
    const timer = setInterval(() => setTick((n) => n + 1), CAMERA_REFRESH_MS);
    return () => clearInterval(timer);
  }, [visible, online, picture]);
  return (
    <div className="dash-camera" ref={box}>
      {picture ? (
        <img src={snapshotUrl(picture, tick)} alt={`${name} snapshot`} loading="lazy" decoding="async" />
      ) : (
        <span className="dash-muted">No picture</span>
      )}
    </div>
  );
}
