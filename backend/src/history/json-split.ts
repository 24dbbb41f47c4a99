/**
 * An incremental splitter for HA's REST answers: it reads a JSON array (of arrays, for history)
 * chunk by chunk and hands over each element at `depth` as its own text, so an answer of any size
 * passes with only one element in memory. Elements are bounded (`maxElementChars`); anything that
 * is not the expected nesting is an error, as is an element that grows past the bound.
 */
export interface SplitHandler {
  /** An inner array opened (depth 2 only). */
  open?(): void;
  element(text: string): void;
  /** An inner array closed (depth 2 only). */
  close?(): void;
}

export class SplitError extends Error {
  override name = "SplitError";
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;
const WHITESPACE = new Set([32, 9, 10, 13]);

export class JsonArraySplitter {
  private level = 0;
  private inString = false;
  private escaped = false;
  private carry = "";
  private done = false;

  constructor(
    private readonly handler: SplitHandler,
    /** 1: elements of the top array (logbook); 2: elements of its inner arrays (history). */
    private readonly depth: 1 | 2,
    private readonly maxElementChars = 1_048_576,
  ) {}

  get finished(): boolean {
    return this.done;
  }

  push(chunk: string): void {
    let start = this.level > this.depth ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.level > this.depth) {
        if (this.inElement(c)) {
          this.handler.element(this.carry + chunk.slice(start, i + 1));
          this.carry = "";
          start = -1;
        }
        continue;
      }
      if (this.structural(c)) start = i;
    }
    if (start >= 0) {
      this.carry += chunk.slice(start);
      if (this.carry.length > this.maxElementChars) throw new SplitError("a row is too large");
    }
  }

  /** Inside an element: tracks strings and nesting; true when the element just ended. */
  private inElement(c: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) this.inString = false;
      return false;
    }
    if (c === QUOTE) this.inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.level++;
    else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) this.level--;
    return this.level === this.depth;
  }

  /** Between elements: only the array nesting, commas and whitespace are allowed. */
  private structural(c: number): boolean {
    if (WHITESPACE.has(c) || (c === COMMA && this.level > 0)) return false;
    if (this.done) throw new SplitError("text after the end of the answer");
    if (c === OPEN_ARRAY && this.level < this.depth) {
      this.level++;
      if (this.level === 2) this.handler.open?.();
      return false;
    }
    if (c === OPEN_OBJECT && this.level === this.depth) {
      this.level++;
      return true;
    }
    if (c === CLOSE_ARRAY && this.level > 0) {
      if (this.level === 2) this.handler.close?.();
      this.level--;
      if (this.level === 0) this.done = true;
      return false;
    }
    throw new SplitError("not the answer's shape");
  }
}
