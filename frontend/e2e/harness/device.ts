import {
  DeviceApiError,
  type DeviceCodeRequest,
  type DeviceCodeResponse,
  type EntityWatch,
  getStates,
  PairingError,
  pair,
  type TokenResponse,
  waitForApproval,
  watchEntities,
} from "hasync";
import { WAIT_MS } from "./limits.js";

/**
 * A device played by the `hasync` SDK, as a tablet app would use it: `pair()` shows the codes and
 * waits for the admin's decision in the background while the test drives the admin UI.
 */
export class TestDevice {
  codes: DeviceCodeResponse | undefined;
  token: string | undefined;
  private approval: Promise<TokenResponse> | undefined;
  private readonly abort = new AbortController();

  constructor(
    private readonly base: string,
    readonly request: DeviceCodeRequest,
  ) {}

  /** Starts pairing; resolves with the codes the device would show. */
  startPairing(): Promise<DeviceCodeResponse> {
    return new Promise((resolve, reject) => {
      this.approval = pair(
        this.base,
        this.request,
        (codes) => {
          this.codes = codes;
          resolve(codes);
        },
        { signal: this.abort.signal },
      );
      this.approval.catch(reject);
    });
  }

  /** The admin's decision as the SDK reports it: the token, or the PairingError code. */
  async decision(): Promise<{ token: TokenResponse } | { refused: string }> {
    if (!this.approval) throw new Error("start pairing first");
    try {
      const token = await this.approval;
      this.token = token.access_token;
      return { token };
    } catch (error) {
      if (error instanceof PairingError) return { refused: error.code };
      throw error;
    }
  }

  /** Asks for the token again with the same codes: tokens are handed over once. */
  async collectAgain(): Promise<string> {
    if (!this.codes) throw new Error("start pairing first");
    try {
      await waitForApproval(this.base, { ...this.codes, interval: 0 }, { signal: this.abort.signal });
      return "token";
    } catch (error) {
      if (error instanceof PairingError) return error.code;
      throw error;
    }
  }

  /** `GET /api/states` through the SDK; a rejected token reads as HA's 401. */
  async states(): Promise<{ status: number; ids: string[] }> {
    if (!this.token) throw new Error("not paired");
    try {
      const states = await getStates(this.base, this.token, { signal: this.abort.signal });
      return { status: 200, ids: states.map((s) => s.entity_id).sort() };
    } catch (error) {
      if (error instanceof DeviceApiError && error.code === "token_rejected") return { status: 401, ids: [] };
      throw error;
    }
  }

  /**
   * Opens Home Assistant's WebSocket API through the SDK and keeps the states it is sent, as a
   * wall tablet's dashboard does. The device counts as online while this is open.
   */
  watch(): { watch: EntityWatch; ids: () => string[] } {
    if (!this.token) throw new Error("not paired");
    let ids: string[] = [];
    const watch = watchEntities(
      this.base,
      this.token,
      (update) => {
        ids = [...update.states.keys()].sort();
      },
      { signal: this.abort.signal, timeoutMs: WAIT_MS },
    );
    return { watch, ids: () => ids };
  }

  /** `POST /api/services/<domain>/<service>` with the device token, as any HA REST client does. */
  async callService(domain: string, service: string, data: Record<string, unknown>): Promise<number> {
    const res = await fetch(`${this.base}/api/services/${domain}/${service}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
    await res.arrayBuffer();
    return res.status;
  }

  /** Stops a pairing that is still waiting (the suite must not leave timers behind). */
  stop(): void {
    this.abort.abort();
  }
}
