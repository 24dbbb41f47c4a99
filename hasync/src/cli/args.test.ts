import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "./args.js";

const usageError = (argv: string[]): string => {
  try {
    parseCommand(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`parsed without error: ${argv.join(" ")}`);
};

describe("parseCommand", () => {
  it("parses a full pair command", () => {
    expect(
      parseCommand([
        "pair",
        "http://hasync.local:8099",
        "--name",
        "Küche 🍳",
        "--type",
        "tablet",
        "--model",
        "Fire HD 10",
        "--save",
        "/tmp/d.json",
        "--print-token",
      ]),
    ).toEqual({
      command: "pair",
      baseUrl: "http://hasync.local:8099",
      name: "Küche 🍳",
      type: "tablet",
      model: "Fire HD 10",
      file: "/tmp/d.json",
      printToken: true,
    });
  });

  it("defaults the type to other, with no model, no file and no token printing", () => {
    expect(parseCommand(["pair", "http://h:8099", "--name=Tablet"])).toEqual({
      command: "pair",
      baseUrl: "http://h:8099",
      name: "Tablet",
      type: "other",
      model: undefined,
      file: undefined,
      printToken: false,
    });
  });

  it("parses states and watch", () => {
    expect(parseCommand(["states"])).toEqual({ command: "states", file: undefined, json: false });
    expect(parseCommand(["states", "--file", "d.json", "--json"])).toEqual({
      command: "states",
      file: "d.json",
      json: true,
    });
    expect(parseCommand(["watch", "--file", "d.json"])).toEqual({ command: "watch", file: "d.json" });
  });

  it("pairs an AI agent (issue 15) and prints its MCP client snippet from the saved file", () => {
    expect(
      parseCommand(["pair", "http://h:8099", "--name", "Assistant", "--type", "ai_agent"]),
    ).toMatchObject({
      command: "pair",
      type: "ai_agent",
    });
    expect(parseCommand(["mcp-config"])).toEqual({ command: "mcp-config", file: undefined });
    expect(parseCommand(["mcp-config", "--file", "a.json"])).toEqual({
      command: "mcp-config",
      file: "a.json",
    });
  });

  it("treats no command, help and -h as help", () => {
    for (const argv of [[], ["help"], ["-h"], ["pair", "--help"]]) {
      expect(parseCommand(argv)).toEqual({ command: "help" });
    }
  });

  it("explains what is wrong with a pair command", () => {
    expect(usageError(["pair"])).toMatch(/needs HAsync's URL/);
    expect(usageError(["pair", "http://h:8099"])).toMatch(/needs --name/);
    expect(usageError(["pair", "h:8099", "--name", "x"])).toMatch(/not an http\(s\) URL/);
    expect(usageError(["pair", "not a url", "--name", "x"])).toMatch(/not a URL/);
    expect(usageError(["pair", "http://h", "--name", "x".repeat(65)])).toMatch(/1 to 64 characters/);
    expect(usageError(["pair", "http://h", "--name", "   "])).toMatch(/1 to 64 characters/);
    expect(usageError(["pair", "http://h", "--name", "x", "--type", "fridge"])).toMatch(
      /--type must be one of/,
    );
    expect(usageError(["pair", "http://h", "Kitchen", "tablet", "--name", "x"])).toMatch(
      /unexpected argument/,
    );
    expect(usageError(["pair", "http://h", "--name"])).toMatch(/argument missing/);
  });

  it("rejects unknown commands and options, and options of another command", () => {
    expect(usageError(["pari"])).toBe("unknown command: pari");
    expect(usageError(["states", "--nmae", "x"])).toBe("Unknown option '--nmae'");
    expect(usageError(["states", "--save", "x"])).toBe("states does not take --save");
    expect(usageError(["watch", "--json"])).toBe("watch does not take --json");
    expect(usageError(["pair", "http://h", "--name", "x", "--file", "f"])).toBe("pair does not take --file");
    expect(usageError(["states", "extra"])).toBe("unexpected argument: extra");
    expect(usageError(["mcp-config", "--json"])).toBe("mcp-config does not take --json");
    expect(usageError(["mcp-config", "http://h"])).toBe("unexpected argument: http://h");
    expect(usageError(["toString"])).toBe("unknown command: toString");
  });
});
