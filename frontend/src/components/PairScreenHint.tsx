import type { ScreenAddress } from "hasync";
import { useResource } from "../api/resource.js";
import { Link } from "../router/router.js";
import { hrefOf } from "../router/routes.js";

/**
 * How to pair a wall tablet: open HAsync's device address on it. The address is the LAN one
 * (`http://<host>:8099/`), also when the admin is inside Home Assistant, where the page's own
 * address would be Home Assistant's ingress.
 */
export function PairScreenHint() {
  const address = useResource<ScreenAddress>("admin/screen-address");
  const url = address.data?.url;
  if (!url) return null;
  return (
    <p className="pair-screen-hint">
      <strong>A tablet or a phone?</strong> Open <span className="code screen-address">{url}</span> in its
      browser: it shows a code to approve here and then a dashboard of what you allow. For a guest, send an{" "}
      <Link href={hrefOf({ name: "invites" })}>invite link</Link> instead.
    </p>
  );
}
