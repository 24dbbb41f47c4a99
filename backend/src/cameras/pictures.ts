import type { HaState } from "../ha/types.js";
import type { CameraSigner } from "./signer.js";

/**
 * A camera's `entity_picture` as a device gets it. HA's is `/api/camera_proxy/<id>?token=<the
 * camera's access_token>` (`camera/__init__.py` `ENTITY_IMAGE_URL`), and the state's
 * `access_token` attribute carries the same token (HA's frontend builds the MJPEG URL
 * `/api/camera_proxy_stream/<id>?token=<access_token>` from it). Both are credentials to HA, so
 * the sanitiser drops them (`ha/sanitize.ts`); a device whose scope holds the camera gets both
 * back with HAsync's own signature for it instead, a relative URL on HAsync like HA's on HA.
 *
 * The signature is per device, so a camera's state is the one state every device sees
 * differently. Which device a scope belongs to is told by the scope set itself: the gateway
 * registers each device's live resolved set (`cameraScopes`), and every path that cuts a state
 * to a scope (`scopedState`: get_states, both subscriptions, REST, history) finds it there. A set
 * not registered (yet) gets no picture: a scope as it was before an edit, or the admin's preview
 * before the device asked for anything since its scope was last resolved (after that the preview
 * reads the same set, and shows the device's own signed picture).
 */

export interface ScopeViewer {
  readonly deviceId: string;
  readonly signer: CameraSigner;
}

const viewers = new WeakMap<ReadonlySet<string>, ScopeViewer>();

/** Says whose scope `visible` is (cheap when it was said before: the hot path asks often). */
export function registerScope(visible: ReadonlySet<string>, deviceId: string, signer: CameraSigner): void {
  const known = viewers.get(visible);
  if (known?.deviceId !== deviceId || known.signer !== signer) viewers.set(visible, { deviceId, signer });
}

/** HA serves this camera's picture through its own proxy (not a picture of the integration's). */
export function proxiedCamera(state: HaState): boolean {
  if (!state.entity_id.startsWith("camera.")) return false;
  const picture = state.attributes.entity_picture;
  return typeof picture === "string" && picture.startsWith(`/api/camera_proxy/${state.entity_id}?`);
}

/** The path a device fetches a camera's still from (HA's `ENTITY_IMAGE_URL`, on HAsync). */
export const cameraPicturePath = (entityId: string, token: string): string =>
  `/api/camera_proxy/${entityId}?token=${token}`;

/**
 * `attributes` (already sanitised and cut to the scope) with HAsync's picture and token for the
 * device `visible` belongs to; unchanged when the camera is not in that scope or the scope is
 * nobody's.
 */
export function withDevicePicture(
  state: HaState,
  attributes: Record<string, unknown>,
  visible: ReadonlySet<string>,
): Record<string, unknown> {
  const viewer = visible.has(state.entity_id) ? viewers.get(visible) : undefined;
  if (viewer === undefined) return attributes;
  const token = viewer.signer.sign(viewer.deviceId, state);
  return { ...attributes, access_token: token, entity_picture: cameraPicturePath(state.entity_id, token) };
}
