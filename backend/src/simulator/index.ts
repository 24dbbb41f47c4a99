/** The embedded demo Home Assistant: a real HA-protocol server for `npm start` without HA and for tests. */

export { HA_RESPONSE_HEADERS, renderIndex } from "./frontend.js";
export { ALARM_CODE as DEMO_ALARM_CODE } from "./home.js";
export { type DemoHaOptions, DemoHomeAssistant, type RecordedServiceCall } from "./server.js";
export { SimulatorError } from "./store.js";
