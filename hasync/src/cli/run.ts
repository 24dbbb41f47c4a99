import qrcode from "qrcode-terminal";
import type { DeviceCodeResponse } from "../pairing.js";
import { getStates, pair } from "../sdk.js";
import { watchEntities } from "../watch.js";
import { type CliCommand, parseCommand, USAGE, UsageError } from "./args.js";
import {
  type DeviceFile,
  defaultDeviceFile,
  loadDeviceFile,
  prepareDeviceFile,
  readableByOthers,
  saveDeviceFile,
} from "./device-file.js";
import { mcpClientConfig } from "./mcp-config.js";
import { clock, codeBox, describeChange, scopeSummary, statesTable } from "./output.js";

/** Everything the CLI touches outside itself, so tests run it in-process. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: pairing stops with an error, watching ends normally. */
  signal: AbortSignal;
  /** stdout is a terminal (bold text). */
  tty: boolean;
  now?: () => Date;
}

type Run<C extends CliCommand["command"]> = (
  command: Extract<CliCommand, { command: C }>,
  io: CliIo,
) => Promise<void>;

function qrLines(text: string): string[] {
  let out = "";
  qrcode.generate(text, { small: true }, (code) => {
    out = code;
  });
  return out.split("\n");
}

function showCodes(codes: DeviceCodeResponse, name: string, io: CliIo): void {
  const indent = (line: string) => `    ${line}`;
  io.out("");
  io.out(`To pair "${name}", a HAsync admin opens ${codes.verification_uri} and enters this code:`);
  io.out("");
  for (const line of codeBox(codes.user_code, io.tty)) io.out(indent(line));
  io.out("");
  io.out("Or scan this QR code to open that page with the code filled in:");
  for (const line of qrLines(codes.verification_uri_complete)) io.out(indent(line));
  const minutes = Math.round(codes.expires_in / 60);
  io.out(`Waiting for approval. The code expires in ${minutes} minutes; Ctrl-C cancels.`);
}

const runPair: Run<"pair"> = async (command, io) => {
  const file = command.file ?? defaultDeviceFile(io.env);
  // Checked first: an approved token that cannot be saved would be lost (it is shown only once).
  prepareDeviceFile(file);
  const device = {
    name: command.name,
    type: command.type,
    ...(command.model ? { model: command.model } : {}),
  };
  const token = await pair(command.baseUrl, device, (codes) => showCodes(codes, command.name, io), {
    signal: io.signal,
  });
  saveDeviceFile(file, {
    base_url: command.baseUrl,
    device_id: token.device_id,
    name: command.name,
    access_token: token.access_token,
    scope: token.scope,
    paired_at: (io.now?.() ?? new Date()).toISOString(),
  });
  io.out(`Approved: ${scopeSummary(token.scope)}.`);
  io.out(`Saved the device token to ${file} (readable only by you).`);
  if (command.printToken)
    io.out(`Device token (keep it secret; it is not shown again): ${token.access_token}`);
};

function loadDevice(file: string | undefined, io: CliIo): DeviceFile {
  const path = file ?? defaultDeviceFile(io.env);
  const device = loadDeviceFile(path);
  if (readableByOthers(path))
    io.err(`hasync: warning: ${path} is readable by other users; run chmod 600 on it`);
  return device;
}

const runStates: Run<"states"> = async (command, io) => {
  const device = loadDevice(command.file, io);
  const states = await getStates(device.base_url, device.access_token, { signal: io.signal });
  if (command.json) io.out(JSON.stringify(states, null, 2));
  else for (const line of statesTable(states)) io.out(line);
};

const runWatch: Run<"watch"> = async (command, io) => {
  const device = loadDevice(command.file, io);
  const now = io.now ?? (() => new Date());
  const watch = watchEntities(
    device.base_url,
    device.access_token,
    ({ initial, changes, states }) => {
      if (initial)
        io.out(`${clock(now())}  watching ${states.size} entities as "${device.name}" (Ctrl-C stops)`);
      else for (const change of changes) io.out(`${clock(now())}  ${describeChange(change)}`);
    },
    { signal: io.signal },
  );
  await watch.closed;
};

/**
 * The token goes to stdout only, because this command was asked for it by name; warnings and
 * errors on stderr never carry it (they end up in logs).
 */
const runMcpConfig: Run<"mcp-config"> = async (command, io) => {
  const device = loadDevice(command.file, io);
  io.out(JSON.stringify(mcpClientConfig(device), null, 2));
};

/**
 * Runs one command line. Exit status: 0 done, 1 failed (one line on stderr saying why, no stack
 * trace), 2 bad command line.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`hasync: ${error.message}`);
    io.err('Run "hasync help" for usage.');
    return 2;
  }
  try {
    if (command.command === "help") io.out(USAGE);
    else if (command.command === "pair") await runPair(command, io);
    else if (command.command === "states") await runStates(command, io);
    else if (command.command === "mcp-config") await runMcpConfig(command, io);
    else await runWatch(command, io);
    return 0;
  } catch (error) {
    io.err(`hasync: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
