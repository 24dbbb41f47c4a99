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
  /** The next backslash in the current chunk (-1: none), so strings are scanned once. */
  private slash = -1;

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
    this.slash = chunk.indexOf("\\");
    let start = this.level > this.depth ? 0 : -1;
    let i = 0;
    while (i < chunk.length) {
      if (this.level > this.depth) {
        const end = this.elementEnd(chunk, i);
        if (end < 0) break;
        this.handler.element(this.carry + chunk.slice(start, end + 1));
        this.carry = "";
        start = -1;
        i = end + 1;
        continue;
      }
      if (this.structural(chunk.charCodeAt(i))) start = i;
      i++;
    }
    if (start >= 0) {
      this.carry += chunk.slice(start);
      if (this.carry.length > this.maxElementChars) throw new SplitError("a row is too large");
    }
  }

  /** Inside an element from `from`: the index of its last character, or -1 when the chunk ends first. */
  private elementEnd(chunk: string, from: number): number {
    let level = this.level;
    let i = from;
    while (i < chunk.length) {
      if (this.inString) {
        const end = this.stringEnd(chunk, i);
        if (end < 0) break;
        this.inString = false;
        i = end + 1;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) level++;
      else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --level === this.depth) {
        this.level = level;
        return i;
      }
      i++;
    }
    this.level = level;
    return -1;
  }

  /**
   * The quote closing the string open at `from`, or -1 (the state carries to the next chunk).
   * Strings are most of an answer's text: `indexOf` skips them instead of a loop per character.
   */
  private stringEnd(chunk: string, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const quote = chunk.indexOf('"', i);
      if (this.slash >= 0 && this.slash < i) this.slash = chunk.indexOf("\\", i);
      if (this.slash < 0 || (quote >= 0 && quote < this.slash)) return quote;
      if (this.slash + 1 >= chunk.length) {
        this.escaped = true;
        return -1;
      }
      i = this.slash + 2;
    }
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
