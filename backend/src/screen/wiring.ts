import os from "node:os";
import type { Router } from "express";
import type { AuditLog } from "../audit/audit-log.js";
import type { DevicesService } from "../devices/service.js";
import type { HaLink } from "../ha/index.js";
import type { ScreenLogin } from "../ha-login/service.js";
import type { PairingService } from "../pairing/service.js";
import type { Settings } from "../settings/settings.js";
import type { ScreenAddressDeps } from "./address.js";
import { type ApproveUrlDeps, addonSlugFromHostname } from "./approve-url.js";
import { PAIRING_STREAM_LIMITS, type PairingStreamLimits, ScreenPairingStreams } from "./pairing-events.js";
import { adminScreenRouter, SCREEN_ROUTE_LIMITS, type ScreenRouteLimits, screenRouter } from "./routes.js";
import { ScreenTickets } from "./tickets.js";

export interface ScreenSideOptions {
  settings: Pick<Settings, "ingressPeer" | "tls" | "ha">;
  ha: Pick<HaLink, "config">;
  now: () => number;
  /** HAsync's LAN port as bound. */
  lanPort: () => number | null;
  /** The container's host name (the add-on slug's source under the Supervisor). */
  hostname?: string;
  limits?: Partial<ScreenRouteLimits & PairingStreamLimits>;
}

/**
 * The device side in a browser, as the composition root wires it: the tickets the devices
 * service accepts on HA's WebSocket auth, the screen API and the admin's screen address.
 */
export class ScreenSide {
  readonly tickets: ScreenTickets;
  readonly address: ScreenAddressDeps;
  private readonly approve: ApproveUrlDeps;
  private streams: ScreenPairingStreams | undefined;

  constructor(private readonly o: ScreenSideOptions) {
    this.tickets = new ScreenTickets(o.now);
    this.address = {
      ingressPeer: o.settings.ingressPeer,
      lanPort: o.lanPort,
      lanTls: o.settings.tls !== undefined,
      haInternalUrl: () => o.ha.config()?.internal_url,
    };
    this.approve = {
      addonSlug:
        o.settings.ha.mode === "supervisor" ? addonSlugFromHostname(o.hostname ?? os.hostname()) : null,
      haConfig: () => o.ha.config(),
    };
  }

  /** `/api/v1/screen/*`; a revoked or expired device's tickets are dropped at once. */
  router(deps: {
    pairing: PairingService;
    devices: DevicesService;
    audit: AuditLog;
    login?: ScreenLogin;
  }): Router {
    const limits = { ...SCREEN_ROUTE_LIMITS, ...PAIRING_STREAM_LIMITS, ...this.o.limits };
    this.streams = new ScreenPairingStreams(deps.pairing, this.o.now, limits);
    deps.devices.on("revoked", (deviceId) => this.tickets.forgetDevice(deviceId));
    return screenRouter({
      ...deps,
      tickets: this.tickets,
      streams: this.streams,
      now: this.o.now,
      address: this.address,
      approve: this.approve,
      ingressPeer: this.o.settings.ingressPeer,
      haUrls: () => [this.o.ha.config()?.internal_url, this.o.ha.config()?.external_url],
      limits,
    });
  }

  adminRouter(): Router {
    return adminScreenRouter(this.address);
  }

  /** Pairing streams open now. */
  get openStreams(): number {
    return this.streams?.size ?? 0;
  }

  /** Ends the open pairing streams (shutdown). */
  closeAll(): void {
    this.streams?.closeAll();
  }
}
