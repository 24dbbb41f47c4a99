export type { GatewayLimits } from "./connection.js";
export { DEFAULT_LIMITS, DeviceGateway, type DeviceGatewayOptions } from "./gateway.js";
export { CLOSE } from "./messages.js";
