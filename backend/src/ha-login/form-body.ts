import type { Request } from "express";

/**
 * The bodies HA's login endpoints read with aiohttp's `request.post()` (form-urlencoded and
 * multipart/form-data: home-assistant-js-websocket and HA's frontend post `FormData`) and
 * `request.json()` (the login flow, whatever the content type says). Bounded: nothing these
 * endpoints take is more than a few hundred bytes.
 */
export const MAX_FORM_BYTES = 16 * 1024;
const MAX_FIELDS = 20;
const MAX_FIELD_CHARS = 4096;

/** A body that cannot be taken; the routes answer it in their endpoint's own shape. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The raw body, refused past `max` bytes before it is all read. */
export async function readRaw(req: Request, max = MAX_FORM_BYTES): Promise<Buffer> {
  const declared = Number(req.get("content-length") ?? "0");
  if (declared > max) throw new BodyError(413, "Request body too large");
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > max) throw new BodyError(413, "Request body too large");
      chunks.push(chunk);
    }
  } catch (error) {
    throw error instanceof BodyError ? error : new BodyError(400, "The request body could not be read");
  }
  return Buffer.concat(chunks);
}

/**
 * The form's fields, each once: a repeated field is refused (HA's MultiDict would take the first;
 * two different codes or tokens in one request are never a client's mistake worth guessing at).
 * Any other content type gives no fields, as `request.post()` does.
 */
export async function readForm(req: Request): Promise<Map<string, string>> {
  const raw = await readRaw(req);
  const type = (req.get("content-type") ?? "").toLowerCase();
  let pairs: Array<[string, string]> = [];
  if (type.startsWith("application/x-www-form-urlencoded")) {
    pairs = [...new URLSearchParams(raw.toString("utf8"))];
  } else if (type.startsWith("multipart/form-data")) {
    pairs = multipartFields(raw, boundaryOf(req.get("content-type") ?? ""));
  }
  if (pairs.length > MAX_FIELDS) throw new BodyError(400, "Too many fields");
  const fields = new Map<string, string>();
  for (const [name, value] of pairs) {
    if (fields.has(name)) throw new BodyError(400, `Duplicate field: ${name.slice(0, 40)}`);
    if (value.length > MAX_FIELD_CHARS) throw new BodyError(400, `Field too long: ${name.slice(0, 40)}`);
    fields.set(name, value);
  }
  return fields;
}

function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) throw new BodyError(400, "Multipart body without a boundary");
  return boundary;
}

/** RFC 7578 fields (no files: nothing here uploads one); a malformed body is refused whole. */
function multipartFields(raw: Buffer, boundary: string): Array<[string, string]> {
  const text = raw.toString("latin1");
  const delimiter = `--${boundary}`;
  const parts = text.split(delimiter);
  const closing = parts.pop();
  if (parts.length < 1 || closing === undefined || !closing.startsWith("--")) {
    throw new BodyError(400, "Malformed multipart body");
  }
  return parts.slice(1).map((part) => multipartField(part));
}

function multipartField(part: string): [string, string] {
  if (!part.startsWith("\r\n") || !part.endsWith("\r\n"))
    throw new BodyError(400, "Malformed multipart body");
  const headerEnd = part.indexOf("\r\n\r\n");
  if (headerEnd === -1) throw new BodyError(400, "Malformed multipart body");
  const headers = part.slice(2, headerEnd);
  const disposition = /^content-disposition:\s*form-data\s*;(.*)$/im.exec(headers)?.[1] ?? "";
  const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) throw new BodyError(400, "Malformed multipart body");
  if (/(?:^|;)\s*filename\*?=/i.test(disposition)) throw new BodyError(400, "Files are not accepted");
  const value = part.slice(headerEnd + 4, -2);
  return [Buffer.from(name, "latin1").toString("utf8"), Buffer.from(value, "latin1").toString("utf8")];
}

/** `request.json()`: the body as JSON whatever its content type (HA's frontend sends text/plain). */
export async function readJson(req: Request): Promise<unknown> {
  const raw = await readRaw(req);
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BodyError(400, "Invalid JSON.");
  }
}
