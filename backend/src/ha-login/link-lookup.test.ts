import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../test-support/harness.js";
import { LOOKUP_MAX_BYTES, linkLookup, redirectUrisIn } from "./link-lookup.js";

/**
 * The `<link rel="redirect_uri">` look-up against a local page server on 127.0.0.1 (never the
 * outside): what it finds, the 10 kB bound, the time bound, and redirects not followed.
 */
let server: http.Server;
let base: string;
const hung: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/app") {
      res.end(
        `<html><head><LINK rel="redirect_uri" href="myapp://cb"><link rel=redirect_uri href='/cb?a=1&amp;b=2'></head></html>`,
      );
    } else if (req.url === "/late") {
      // The link sits after 10 kB of padding: HA reads only the first 10 kB.
      res.end(`<html>${" ".repeat(LOOKUP_MAX_BYTES)}<link rel="redirect_uri" href="myapp://late"></html>`);
    } else if (req.url === "/endless") {
      res.write(`<html><link rel="redirect_uri" href="myapp://early">`);
      const pad = (): void => {
        if (!res.destroyed) res.write(" ".repeat(4096), () => setImmediate(pad));
      };
      pad();
    } else if (req.url === "/hang") {
      hung.push(res);
    } else if (req.url === "/moved") {
      res.writeHead(302, { location: "/app" }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const res of hung) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the client page's redirect_uri links (indieauth.py fetch_redirect_uris)", () => {
  const { log, lines } = memoryLogger();
  const lookup = linkLookup({ log });

  it("finds rel=redirect_uri links, resolving relative ones against the page", async () => {
    expect(await lookup(`${base}/app`)).toEqual(["myapp://cb", `${base}/cb?a=1&b=2`]);
  });

  it("reads no further than the first 10 kB, even of a page that never ends", async () => {
    expect(await lookup(`${base}/late`)).toEqual([]);
    expect(await lookup(`${base}/endless`)).toEqual(["myapp://early"]);
  });

  it("gives up on a page that does not answer in time, and logs it without secrets", async () => {
    // A short bound so the test does not wait HA's 5 s; the page never answers at all.
    expect(await linkLookup({ log, timeoutMs: 200 })(`${base}/hang`)).toEqual([]);
    expect(lines.some((l) => l.includes("Timeout while looking up redirect_uri"))).toBe(true);
  });

  it("does not follow redirects, and finds nothing where nothing answers", async () => {
    expect(await lookup(`${base}/moved`)).toEqual([]);
    expect(await lookup("http://127.0.0.1:1/")).toEqual([]);
  });

  it("reads only exact rel values, as HA's LinkTagParser does", () => {
    const html = `<link rel="redirect_uri stylesheet" href="a://x"><link rel="redirect_uri"><link href="b://y" rel="redirect_uri">`;
    expect(redirectUrisIn(html, "https://app.example/")).toEqual(["b://y"]);
  });
});
