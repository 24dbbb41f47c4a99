// Node-RED 4 as the tests run it: its own process (forked by node-red.ts with an IPC channel),
// listening on an ephemeral port on 127.0.0.1 only, no admin auth, no editor, no telemetry or
// palette installs (nothing leaves the machine). Function nodes call global.get("report")(tag, msg)
// to hand a message to the test over IPC. An unhandled rejection or uncaught exception is reported
// and then ends the process, as it would end a stock Node-RED (Node's default since 15).
import { randomBytes } from "node:crypto";
import http from "node:http";
import RED from "node-red";

const userDir = process.env.HASYNC_NODE_RED_USER_DIR;
if (!userDir || !process.send) throw new Error("node-red-runner: fork it with HASYNC_NODE_RED_USER_DIR set");

const send = (message) => process.send?.(JSON.parse(JSON.stringify(message)));

function die(kind, error) {
  send({ type: "crash", kind, message: String(error?.stack ?? JSON.stringify(error)) });
  process.exit(70);
}
process.on("unhandledRejection", (reason) => die("unhandledRejection", reason));
process.on("uncaughtException", (error) => die("uncaughtException", error));

const settings = {
  userDir,
  flowFile: "flows.json",
  // Credentials (the access tokens) stay encrypted in the temporary userDir and are never logged.
  credentialSecret: randomBytes(16).toString("hex"),
  httpAdminRoot: "/",
  httpNodeRoot: false,
  disableEditor: true,
  uiHost: "127.0.0.1",
  telemetry: { enabled: false },
  externalModules: { palette: { allowInstall: false }, modules: { allowInstall: false } },
  logging: { console: { level: "warn", metrics: false, audit: false } },
  functionGlobalContext: { report: (tag, msg) => send({ type: "msg", tag, msg }) },
};

const server = http.createServer((req, res) => RED.httpAdmin(req, res));
RED.init(server, settings);
// RED.start() resolves before the saved (empty) flows are loaded (runtime/lib/index.js does not
// wait for loadFlows), and that load resets the credential store: a deploy made before
// "flows:started" loses its access token. Ready means both listening and started.
const started = new Promise((resolve) => RED.events.once("flows:started", resolve));
const listening = new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
Promise.all([listening, RED.start(), started]).then(
  () => send({ type: "ready", port: server.address().port }),
  (error) => die("startFailed", error),
);

process.on("message", (message) => {
  if (message?.type !== "stop") return;
  RED.stop().then(
    () => server.close(() => process.exit(0)),
    () => process.exit(1),
  );
});
