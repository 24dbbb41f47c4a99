/**
 * A real baseline JPEG (ITU T.81) without an image library: a greyscale picture of flat 8×8
 * blocks, each block's brightness its DC coefficient, every AC coefficient zero. Any decoder
 * shows it (a diagonal gradient that shifts with `frame`), and its bytes are a pure function of
 * the arguments, so a test can compare what HA sent with what a device got byte for byte.
 */

export interface JpegOptions {
  width: number;
  height: number;
  /** Moves the gradient: successive MJPEG frames differ, as HA only sends changed frames. */
  frame?: number;
  /** Pads the file with comment segments up to about this size (big frames for benchmarks). */
  padToBytes?: number;
}

/** Every quantiser 16: a block of brightness 128 + 2·d has the quantised DC coefficient d. */
const QUANT = new Array<number>(64).fill(16);

/** T.81 Annex K.3 table K.3, the usual luminance DC table (categories 0-11). */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Codes of table K.3 by category, as [code, length]. */
const DC_CODES: ReadonlyArray<readonly [number, number]> = [
  [0b00, 2],
  [0b010, 3],
  [0b011, 3],
  [0b100, 3],
  [0b101, 3],
  [0b110, 3],
  [0b1110, 4],
  [0b11110, 5],
  [0b111110, 6],
  [0b1111110, 7],
];
/** The only AC symbol ever written is end-of-block (0x00), coded `00`. */
const AC_BITS = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];
const EOB: readonly [number, number] = [0b00, 2];

const MAX_SEGMENT = 65_535;

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private count = 0;

  write(code: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((code >> bit) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** Pads the last byte with ones, as T.81 F.1.2.3 asks. */
  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    // A 0xFF in entropy-coded data is followed by a stuffed zero byte.
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.count = 0;
  }
}

const u16 = (value: number) => [(value >> 8) & 0xff, value & 0xff];
const segment = (marker: number, body: readonly number[]) => [0xff, marker, ...u16(body.length + 2), ...body];

/** A DC difference as its category and the category's extra bits (T.81 F.1.2.1). */
function writeDifference(out: BitWriter, diff: number): void {
  const magnitude = Math.abs(diff);
  const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
  const [code, length] = DC_CODES[category] as readonly [number, number];
  out.write(code, length);
  if (category > 0) out.write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
}

function scanData(width: number, height: number, frame: number): number[] {
  const out = new BitWriter();
  const columns = Math.ceil(width / 8);
  const rows = Math.ceil(height / 8);
  let previous = 0;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      // A diagonal gradient in -60..60, shifted by the frame number.
      const level = (((column + row) * 4 + frame * 6) % 121) - 60;
      writeDifference(out, level - previous);
      previous = level;
      out.write(...EOB);
    }
  }
  return out.finish();
}

/** COM segments of spaces, `bytes` long in all (give or take the 4 bytes of a segment's header). */
function padding(bytes: number): Buffer[] {
  const out: Buffer[] = [];
  let left = bytes;
  while (left > 4) {
    const body = Math.min(left - 4, MAX_SEGMENT - 2);
    const part = Buffer.alloc(body + 4, 0x20);
    part.set([0xff, 0xfe, ...u16(body + 2)]);
    out.push(part);
    left -= body + 4;
  }
  return out;
}

export function encodeJpeg(options: JpegOptions): Buffer {
  const { width, height, frame = 0 } = options;
  const head = [
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...QUANT]),
    ...segment(0xc0, [8, ...u16(height), ...u16(width), 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...DC_BITS, ...DC_VALUES]),
    ...segment(0xc4, [0x10, ...AC_BITS, ...AC_VALUES]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
  ];
  const data = scanData(width, height, frame);
  const size = head.length + data.length + 2;
  const pad = options.padToBytes === undefined ? [] : padding(options.padToBytes - size);
  // Comments go after the JFIF header (SOI and APP0, 20 bytes), before the tables.
  const jfifEnd = 20;
  return Buffer.concat([
    Buffer.from(head.slice(0, jfifEnd)),
    ...pad,
    Buffer.from([...head.slice(jfifEnd), ...data, 0xff, 0xd9]),
  ]);
}
