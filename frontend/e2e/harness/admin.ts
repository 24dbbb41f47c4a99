import type { ApproveRequest, Device, DeviceCodeRequest, HaEntityList, Scope } from "hasync";
import { TestDevice } from "./device.js";

/**
 * The admin API from Node, signed in with the password, for seeding data the browser then shows.
 * Sends the Origin a browser would, since the server refuses cross-site writes.
 */
export class AdminApi {
  private constructor(
    private readonly base: string,
    private readonly cookie: string,
  ) {}

  static async signIn(base: string, password: string): Promise<AdminApi> {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: base },
      body: JSON.stringify({ username: "admin", password }),
    });
    const cookie = res.headers.get("set-cookie")?.split(";")[0];
    if (res.status !== 200 || !cookie) throw new Error(`sign-in failed: ${res.status}`);
    return new AdminApi(base, cookie);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/api/v1/${path}`, {
      method,
      headers: {
        Cookie: this.cookie,
        Origin: this.base,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  approve(request: ApproveRequest): Promise<Device> {
    return this.call<Device>("POST", "admin/pairing/approve", request);
  }

  /**
   * A device that asks to pair and is approved with `scope`: the device (stop it after the
   * test), its record as the approval answered, and the token it collected.
   */
  async pairDevice(
    request: DeviceCodeRequest,
    scope: Partial<Scope>,
  ): Promise<{ device: TestDevice; record: Device; token: string }> {
    const device = new TestDevice(this.base, request);
    const code = await device.startPairing();
    const record = await this.approve({
      user_code: code.user_code,
      scope: { areas: [], entities: [], exclude: [], access: "read", ...scope },
    });
    const decision = await device.decision();
    if (!("token" in decision)) throw new Error(`pairing refused: ${decision.refused}`);
    return { device, record, token: decision.token.access_token };
  }

  /** Entity ids of an area, as the admin API resolves areas (an entity's own area wins). */
  async entitiesIn(areaId: string): Promise<string[]> {
    const list = await this.call<HaEntityList>("GET", `admin/ha/entities?area=${encodeURIComponent(areaId)}`);
    return list.entities.map((e) => e.entity_id).sort();
  }
}
