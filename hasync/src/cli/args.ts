import { parseArgs } from "node:util";
import { parseBaseUrl } from "../client.js";
import { DEVICE_TYPES, DeviceNameSchema, type DeviceType, DeviceTypeSchema } from "../pairing.js";

export const USAGE = `Usage:
  hasync pair <url> --name <name> [--type <type>] [--model <model>] [--save <file>] [--print-token]
      Pair this machine as a device: shows a code (and a QR code) for an admin to approve in HAsync,
      then saves the device token to <file> (default: $XDG_CONFIG_HOME/hasync/device.json).
      <url> is HAsync's address on the LAN, e.g. http://homeassistant.local:8099
      <type> is one of ${DEVICE_TYPES.join(", ")} (default other); an MCP client pairs as ai_agent.
  hasync states [--file <file>] [--json]
      Lists the entities this device may see.
  hasync watch [--file <file>]
      Prints state changes as they happen, until Ctrl-C.
  hasync mcp-config [--file <file>]
      Prints the snippet that adds this device to an MCP client (Claude, Cursor, ...): HAsync's
      /mcp address and the device token. It holds the secret token: paste it, do not share it.
  hasync help
      Shows this text.`;

/** Bad command line: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export type CliCommand =
  | { command: "help" }
  | {
      command: "pair";
      baseUrl: string;
      name: string;
      type: DeviceType;
      model: string | undefined;
      file: string | undefined;
      printToken: boolean;
    }
  | { command: "states"; file: string | undefined; json: boolean }
  | { command: "watch"; file: string | undefined }
  | { command: "mcp-config"; file: string | undefined };

const OPTIONS = {
  name: { type: "string" },
  type: { type: "string" },
  model: { type: "string" },
  save: { type: "string" },
  file: { type: "string" },
  json: { type: "boolean" },
  "print-token": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Which options each command takes; anything else is a usage error rather than silently ignored. */
const ALLOWED: Record<Exclude<CliCommand["command"], "help">, readonly string[]> = {
  pair: ["name", "type", "model", "save", "print-token"],
  states: ["file", "json"],
  watch: ["file"],
  "mcp-config": ["file"],
};

type Values = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "string" ? string : boolean;
};

function parsePair(positionals: string[], values: Values): CliCommand {
  const [url, ...extra] = positionals;
  if (url === undefined)
    throw new UsageError(
      "pair needs HAsync's URL, e.g. hasync pair http://homeassistant.local:8099 --name Tablet",
    );
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]} (quote names with spaces)`);
  try {
    parseBaseUrl(url);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.name === undefined) throw new UsageError('pair needs --name, e.g. --name "Kitchen tablet"');
  const name = DeviceNameSchema.safeParse(values.name);
  if (!name.success) throw new UsageError("--name must be 1 to 64 characters");
  const type = DeviceTypeSchema.safeParse(values.type ?? "other");
  if (!type.success) throw new UsageError(`--type must be one of ${DEVICE_TYPES.join(", ")}`);
  const model = values.model === undefined ? undefined : DeviceNameSchema.safeParse(values.model);
  if (model?.success === false) throw new UsageError("--model must be 1 to 64 characters");
  return {
    command: "pair",
    baseUrl: url,
    name: name.data,
    type: type.data,
    model: model?.data,
    file: values.save,
    printToken: values["print-token"] === true,
  };
}

const isCommand = (name: string): name is keyof typeof ALLOWED => Object.hasOwn(ALLOWED, name);

/** Turns `process.argv.slice(2)` into a command; throws UsageError for anything it cannot run. */
export function parseCommand(argv: string[]): CliCommand {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs explains itself ("Unknown option '--nmae'"); keep its words, drop its stack.
    throw new UsageError((error as Error).message.split(". ")[0] ?? "bad arguments");
  }
  const [command, ...rest] = parsed.positionals;
  const { values } = parsed;
  if (command === undefined || command === "help" || values.help === true) return { command: "help" };
  if (!isCommand(command)) throw new UsageError(`unknown command: ${command}`);
  const stray = Object.keys(values).find((key) => !ALLOWED[command].includes(key));
  if (stray !== undefined) throw new UsageError(`${command} does not take --${stray}`);
  if (command === "pair") return parsePair(rest, values);
  if (rest.length > 0) throw new UsageError(`unexpected argument: ${rest[0]}`);
  if (command === "states") return { command, file: values.file, json: values.json === true };
  return { command, file: values.file };
}
