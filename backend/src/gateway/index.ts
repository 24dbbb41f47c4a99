export { DeviceGateway, type DeviceGatewayOptions } from "./gateway.js";
export { DEFAULT_LIMITS, type GatewayLimits } from "./limits.js";
export { CLOSE } from "./messages.js";
export { serviceCallRate } from "./rate-limit.js";
