/** HA's own web interface for devices: the admin's choice, fetched from HA, cached per HA version. */

export { frontendOrigin, HaFrontend } from "./service.js";
export { type HaInterfaceWiring, haInterface } from "./wiring.js";
