import { memo, useEffect, useState } from "react";
import { BUNDLED_ICONS, fallbackIcon } from "./bundled.js";
import { knownIcon, loadIcon } from "./loader.js";

function initialPath(name: string | undefined): string | null | undefined {
  if (name === undefined) return null;
  return BUNDLED_ICONS[name] ?? knownIcon(name);
}

/**
 * An MDI icon by name (`mdi:…`), drawn as HA's `ha-svg-icon` draws it (one path in a 24×24 box).
 * A name not built in shows the domain's icon until its chunk arrives, and for good when the
 * name is unknown (HA's ha-state-icon falls back to the domain icon the same way).
 */
export const Icon = memo(function Icon(props: { name: string | undefined; domain: string }) {
  const { name, domain } = props;
  const [path, setPath] = useState(() => initialPath(name));
  useEffect(() => {
    const now = initialPath(name);
    setPath(now);
    if (now !== undefined || name === undefined) return;
    let live = true;
    loadIcon(name).then(
      (loaded) => live && setPath(loaded),
      () => live && setPath(null),
    );
    return () => {
      live = false;
    };
  }, [name]);
  return (
    <svg className="dash-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={path || fallbackIcon(domain)} />
    </svg>
  );
});
