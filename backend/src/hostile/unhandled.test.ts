import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const vitestCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);

/**
 * Issue 11: "treat an unhandled rejection in a test run as a failure". The backend's own vitest
 * settings, run over a test whose assertions all pass but which leaves a rejected promise behind,
 * must exit non-zero and name the error.
 */
it("fails a test run that leaves an unhandled rejection, though every assertion passed", async () => {
  const child = spawn(
    process.execPath,
    [vitestCli, "run", "--config", "src/hostile/fixtures/vitest.fixture.config.mjs", "--reporter", "dot"],
    { cwd: backendDir, env: { ...process.env, CI: "1", NO_COLOR: "1" } },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(output).toContain("1 passed");
  expect(output).toContain("Unhandled Rejection");
  expect(output).toContain("deliberate unhandled rejection");
  expect(code).toBe(1);
}, 60_000);
