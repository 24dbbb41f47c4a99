import { describe, expect, it } from "vitest";
import { JsonArraySplitter, SplitError } from "./json-split.js";

/** Feeds `text` in chunks of `size` and records what the splitter hands over. */
function split(text: string, depth: 1 | 2, size: number, max?: number): string[] {
  const seen: string[] = [];
  const splitter = new JsonArraySplitter(
    { open: () => seen.push("<"), element: (row) => seen.push(row), close: () => seen.push(">") },
    depth,
    max,
  );
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  if (!splitter.finished) seen.push("unfinished");
  return seen;
}

const HISTORY = JSON.stringify([
  [
    { entity_id: "light.a", state: "on", attributes: { note: 'a "quoted" ], [ } {', list: [1, [2]] } },
    { state: "off" },
  ],
  [],
  [{ entity_id: "sensor.b", state: "\\" }],
]);

describe("JsonArraySplitter", () => {
  it("hands over each row of each inner array whole, however the text is chunked", () => {
    const whole = split(HISTORY, 2, HISTORY.length);
    expect(whole).toEqual([
      "<",
      JSON.stringify(JSON.parse(HISTORY)[0][0]),
      '{"state":"off"}',
      ">",
      "<",
      ">",
      "<",
      '{"entity_id":"sensor.b","state":"\\\\"}',
      ">",
    ]);
    for (const size of [1, 2, 3, 7, 64]) expect(split(HISTORY, 2, size)).toEqual(whole);
  });

  it("splits a flat array of objects (the logbook) the same way", () => {
    const text = ' [ {"when": 1, "message": "}]"} , {"when": 2} ] ';
    expect(split(text, 1, 3)).toEqual(['{"when": 1, "message": "}]"}', '{"when": 2}']);
  });

  it("says when the answer ended early", () => {
    expect(split(HISTORY.slice(0, -1), 2, 5).at(-1)).toBe("unfinished");
  });

  it("refuses anything but the expected shape, and rows past the bound", () => {
    expect(() => split('{"message": "x"}', 2, 4)).toThrow(SplitError);
    expect(() => split("[[1, 2]]", 2, 4)).toThrow(SplitError);
    expect(() => split("[[]] [[]]", 2, 4)).toThrow(SplitError);
    expect(() => split(`[[{"a": "${"x".repeat(100)}"}]]`, 2, 10, 50)).toThrow(SplitError);
  });
});
