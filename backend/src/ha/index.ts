export { haAdminRouter } from "./admin-routes.js";
export type { SocketFactory } from "./connection.js";
export { haHealthCheck } from "./health.js";
export { createHaLink, HaLink, type HaLinkOptions, type HaLinkTimings } from "./link.js";
export { sanitizeAttributes } from "./sanitize.js";
export * from "./types.js";
