import type { FlowNode } from "./node-red.js";

/** Where the server config node connects: "Home Assistant URL" and "access token". */
export interface FlowTarget {
  url: string;
  token: string;
}

const TAB = "proof";
const SERVER = "ha";

// Node configurations as the palette's editor saves them at its current versions (0.80.3:
// server 6, server-state-changed 6, api-current-state 3, api-call-service 7, server-events 3), so
// the runtime's migrations have nothing to fill in.
function server(target: FlowTarget): FlowNode {
  return {
    id: SERVER,
    type: "server",
    name: "Home Assistant",
    version: 6,
    addon: false,
    rejectUnauthorizedCerts: true,
    ha_boolean: ["y", "yes", "true", "on", "home", "open"],
    connectionDelay: false,
    cacheJson: true,
    heartbeat: false,
    heartbeatInterval: "30",
    areaSelector: "friendlyName",
    deviceSelector: "friendlyName",
    entitySelector: "friendlyName",
    statusSeparator: "",
    statusYear: "hidden",
    statusMonth: "short",
    statusDay: "numeric",
    statusHourCycle: "default",
    statusTimeFormat: "h:m",
    enableGlobalContextStore: false,
    credentials: { host: target.url, access_token: target.token },
  };
}

/** A function node that hands every message to the test under `tag`. */
export function reporter(tag: string): FlowNode {
  return {
    id: `report-${tag}`,
    type: "function",
    z: TAB,
    name: `report ${tag}`,
    func: `global.get("report")(${JSON.stringify(tag)}, msg);\nreturn null;`,
    outputs: 0,
    timeout: 0,
    noerr: 0,
    initialize: "",
    finalize: "",
    libs: [],
    wires: [],
  };
}

function inject(id: string, to: string): FlowNode {
  return {
    id,
    type: "inject",
    z: TAB,
    name: id,
    // The topic names the inject, so a node that keeps msg.topic (get history) says who asked.
    props: [{ p: "payload" }, { p: "topic", vt: "str" }],
    repeat: "",
    crontab: "",
    once: false,
    onceDelay: 0.1,
    topic: id,
    payload: "",
    payloadType: "date",
    wires: [[to]],
  };
}

/** `events: state` over every entity, also output once on connect (the palette's state cache). */
function eventsState(): FlowNode {
  return {
    id: "events-state",
    type: "server-state-changed",
    z: TAB,
    name: "every state",
    server: SERVER,
    version: 6,
    outputs: 1,
    exposeAsEntityConfig: "",
    entities: { entity: [], substring: [], regex: [".*"] },
    outputInitially: true,
    stateType: "str",
    ifState: "",
    ifStateType: "str",
    ifStateOperator: "is",
    outputOnlyOnStateChange: false,
    for: "0",
    forType: "num",
    forUnits: "minutes",
    ignorePrevStateNull: false,
    ignorePrevStateUnknown: false,
    ignorePrevStateUnavailable: false,
    ignoreCurrentStateUnknown: false,
    ignoreCurrentStateUnavailable: false,
    outputProperties: [
      { property: "payload", propertyType: "msg", value: "", valueType: "entityState" },
      { property: "data", propertyType: "msg", value: "", valueType: "eventData" },
      { property: "topic", propertyType: "msg", value: "", valueType: "triggerId" },
    ],
    wires: [["report-state"]],
  };
}

function currentState(id: string, entityId: string): FlowNode {
  return {
    id,
    type: "api-current-state",
    z: TAB,
    name: id,
    server: SERVER,
    version: 3,
    outputs: 1,
    halt_if: "",
    halt_if_type: "str",
    halt_if_compare: "is",
    entity_id: entityId,
    state_type: "str",
    blockInputOverrides: true,
    outputProperties: [
      { property: "payload", propertyType: "msg", value: "", valueType: "entityState" },
      { property: "data", propertyType: "msg", value: "", valueType: "entity" },
      { property: "topic", propertyType: "msg", value: entityId, valueType: "str" },
    ],
    for: "0",
    forType: "num",
    forUnits: "minutes",
    override_topic: false,
    state_location: "payload",
    override_payload: "msg",
    entity_location: "data",
    override_data: "msg",
    wires: [["report-current"]],
  };
}

function action(id: string, domain: string, service: string, entityId: string, data: object): FlowNode {
  return {
    id,
    type: "api-call-service",
    z: TAB,
    name: id,
    server: SERVER,
    version: 7,
    debugenabled: false,
    action: `${domain}.${service}`,
    domain,
    service,
    floorId: [],
    areaId: [],
    deviceId: [],
    entityId: [entityId],
    labelId: [],
    data: JSON.stringify(data),
    dataType: "json",
    mergeContext: "",
    mustacheAltTags: false,
    outputProperties: [{ property: "topic", propertyType: "msg", value: id, valueType: "str" }],
    queue: "none",
    blockInputOverrides: true,
    wires: [["report-called"]],
  };
}

/** `get history` (REST `GET /api/history/period/<start>?filter_entity_id=…`) over the last hour. */
function history(id: string, entityId: string): FlowNode {
  return {
    id,
    type: "api-get-history",
    z: TAB,
    name: id,
    server: SERVER,
    version: 1,
    startDate: "",
    endDate: "",
    entityId,
    entityIdType: "equals",
    useRelativeTime: true,
    relativeTime: "1 hour",
    flatten: true,
    outputType: "array",
    outputLocationType: "msg",
    outputLocation: "payload",
    wires: [["report-history"]],
  };
}

/**
 * Places the flow nodes on the tab: Node-RED treats a node without `x` and `y` as a config node
 * (runtime flows/util.js parseConfig), which the editor never saves.
 */
function placed(nodes: FlowNode[], column: number): FlowNode[] {
  return nodes.map((node, row) =>
    node.z === TAB ? { x: 200 * column + 100, y: 40 * row + 40, ...node } : node,
  );
}

/** Entities the flows ask about: one the kitchen scope holds, one it does not. */
export const IN_SCOPE = "sensor.fridge_power";
export const OUT_OF_SCOPE = "lock.front_door";

/**
 * The flows under test: events: state, two current-state nodes and two action nodes (each behind an
 * inject), a catch node for their errors, every output reported to the test.
 */
export function proofFlows(target: FlowTarget): FlowNode[] {
  return placed(
    [
      { id: TAB, type: "tab", label: "HAsync proof" },
      server(target),
      eventsState(),
      inject("ask-in", "current-in"),
      currentState("current-in", IN_SCOPE),
      inject("ask-out", "current-out"),
      currentState("current-out", OUT_OF_SCOPE),
      inject("call-in", "action-in"),
      action("action-in", "light", "turn_on", "light.kitchen_spots", { brightness: 66 }),
      inject("call-out", "action-out"),
      action("action-out", "lock", "unlock", OUT_OF_SCOPE, {}),
      inject("history-in", "get-history-in"),
      history("get-history-in", IN_SCOPE),
      inject("history-out", "get-history-out"),
      history("get-history-out", OUT_OF_SCOPE),
      {
        id: "catch",
        type: "catch",
        z: TAB,
        name: "errors",
        scope: ["current-in", "current-out", "action-in", "action-out", "get-history-in", "get-history-out"],
        uncaught: false,
        wires: [["report-errors"]],
      },
      ...["state", "current", "called", "errors", "history"].map(reporter),
    ],
    0,
  );
}

/** A core `status` node reporting the events: state node's status (the palette's connection state). */
export function connectionStatus(): FlowNode[] {
  return placed(
    [
      {
        id: "status",
        type: "status",
        z: TAB,
        name: "connection",
        scope: ["events-state"],
        wires: [["report-status"]],
      },
      reporter("status"),
    ],
    2,
  );
}

/** An `events: all` node (no event type: HA's "all events" subscription). */
export function eventsAll(): FlowNode[] {
  return placed(
    [
      {
        id: "events-all",
        type: "server-events",
        z: TAB,
        name: "all events",
        server: SERVER,
        version: 3,
        exposeAsEntityConfig: "",
        eventType: "",
        eventData: "",
        waitForRunning: true,
        outputProperties: [
          { property: "payload", propertyType: "msg", value: "", valueType: "eventData" },
          {
            property: "topic",
            propertyType: "msg",
            value: '$outputData("eventData").event_type',
            valueType: "jsonata",
          },
        ],
        wires: [["report-all"]],
      },
      reporter("all"),
    ],
    1,
  );
}
