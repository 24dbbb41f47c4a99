import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A message a flow's function node handed to the test (`global.get("report")(tag, msg)`). */
export interface Reported {
  tag: string;
  // biome-ignore lint/suspicious/noExplicitAny: Node-RED messages are whatever the nodes put in them.
  msg: any;
}

/** Why Node-RED died, as its own process reported it before exiting. */
export interface Crash {
  kind: string;
  message: string;
}

type RunnerMessage =
  | { type: "ready"; port: number }
  | { type: "crash"; kind: string; message: string }
  | { type: "msg"; tag: string; msg: unknown };

export type FlowNode = Record<string, unknown> & { id: string; type: string };

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), "node-red-runner.mjs");
// Bounds on hangs, not speed targets: Node-RED loads ~30 core node types and the HA palette, which
// takes seconds on a loaded 2-core machine.
const START_TIMEOUT_MS = 60_000;

/**
 * Node-RED 4 with the HA palette in a child process of its own (so a crash is Node-RED's, not the
 * test runner's), driven only through its admin HTTP API, as a user deploying flows would.
 */
export class NodeRedHost {
  readonly reported: Reported[] = [];
  crash: Crash | undefined;
  exitCode: number | null = null;
  private readonly output: string[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly userDir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<NodeRedHost> {
    const userDir = await mkdtemp(path.join(tmpdir(), "hasync-node-red-"));
    const child = fork(RUNNER, [], {
      env: { ...process.env, HASYNC_NODE_RED_USER_DIR: userDir, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    const early: string[] = [];
    const collect = (chunk: Buffer) => early.push(chunk.toString());
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    let timer: NodeJS.Timeout | undefined;
    const port = await new Promise<number>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Node-RED did not start:\n${early.join("")}`)),
        START_TIMEOUT_MS,
      );
      child.on("message", (m: RunnerMessage) => {
        if (m.type === "ready") resolve(m.port);
        if (m.type === "crash") reject(new Error(`Node-RED failed to start: ${m.message}`));
      });
      child.on("exit", (code) =>
        reject(new Error(`Node-RED exited (${code}) while starting:\n${early.join("")}`)),
      );
    })
      .catch(async (error: unknown) => {
        child.kill("SIGKILL");
        await rm(userDir, { recursive: true, force: true });
        throw error;
      })
      .finally(() => {
        clearTimeout(timer);
        child.removeAllListeners("message");
        child.removeAllListeners("exit");
      });
    const host = new NodeRedHost(child, userDir, `http://127.0.0.1:${port}`);
    host.output.push(...early);
    child.stdout?.off("data", collect);
    child.stderr?.off("data", collect);
    host.listen();
    return host;
  }

  private listen(): void {
    const collect = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      this.wake();
    };
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    this.child.on("message", (m: RunnerMessage) => {
      if (m.type === "msg") this.reported.push({ tag: m.tag, msg: m.msg });
      if (m.type === "crash") this.crash = { kind: m.kind, message: m.message };
      this.wake();
    });
    this.child.on("exit", (code) => {
      this.exitCode = code ?? -1;
      this.wake();
    });
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  get alive(): boolean {
    return this.exitCode === null;
  }

  /** What Node-RED printed (warnings and errors), for a failing test's message. */
  get log(): string {
    return this.output.join("");
  }

  /** Replaces the flows (`full`) or starts only new and changed nodes (`nodes`), as the editor's Deploy does. */
  async deploy(flows: FlowNode[], type: "full" | "nodes" = "full"): Promise<void> {
    const res = await fetch(`${this.url}/flows`, {
      method: "POST",
      headers: { "content-type": "application/json", "Node-RED-Deployment-Type": type },
      body: JSON.stringify(flows),
    });
    if (res.status !== 204 && res.status !== 200)
      throw new Error(`deploy: ${res.status} ${await res.text()}`);
  }

  /** Presses an inject node's button (`POST /inject/<id>`). */
  async inject(id: string): Promise<void> {
    const res = await fetch(`${this.url}/inject/${id}`, { method: "POST" });
    if (res.status !== 200) throw new Error(`inject ${id}: ${res.status} ${await res.text()}`);
  }

  /** The messages reported under `tag` so far. */
  // biome-ignore lint/suspicious/noExplicitAny: see Reported.msg.
  messages(tag: string): any[] {
    return this.reported.filter((r) => r.tag === tag).map((r) => r.msg);
  }

  /** Waits (bounded) until `done()` holds, re-checking whenever Node-RED reports something. */
  async until(done: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (done()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done()) finish();
        else if (!this.alive)
          finish(new Error(`Node-RED died (${this.describeDeath()}) waiting for ${what}`));
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out waiting for ${what}\nNode-RED log:\n${this.log}`)),
        timeoutMs,
      );
      this.waiters.add(check);
      check();
    });
  }

  describeDeath(): string {
    return this.crash ? `${this.crash.kind}: ${this.crash.message}` : `exit ${this.exitCode}`;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
      this.child.send({ type: "stop" });
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(this.userDir, { recursive: true, force: true });
  }
}
