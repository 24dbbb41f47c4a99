#!/usr/bin/env node
import { runCli } from "./cli/run.js";

/** The `hasync` command (package.json `bin`): see `hasync help`. */
const interrupted = new AbortController();
// Once: a second Ctrl-C gets Node's default behaviour and ends the process at once.
process.once("SIGINT", () => interrupted.abort());
process.once("SIGTERM", () => interrupted.abort());

process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  signal: interrupted.signal,
  tty: process.stdout.isTTY === true,
});
