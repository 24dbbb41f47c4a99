#!/usr/bin/env node
// npm links package bins at install time, before `npm run build` has made dist/: this committed
// stub gives the link a target and loads the built CLI.
try {
  await import("../dist/cli.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("cli.js")) throw error;
  process.stderr.write("hasync: the CLI is not built yet; run `npm run build` first.\n");
  process.exitCode = 1;
}
