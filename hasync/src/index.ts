export * from "./audit.js";
export * from "./auth.js";
export * from "./devices.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./ha.js";
export * from "./health.js";
export * from "./pairing.js";
