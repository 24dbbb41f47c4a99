import { randomBytes } from "node:crypto";

/** A small seeded PRNG (mulberry32): the same seed gives the same home and the same drift. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** HA context ids are ULIDs: 10 chars of millisecond time, 16 random, Crockford base32. */
export function ulid(now = Date.now()): string {
  let time = "";
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  const bytes = randomBytes(16);
  let rest = "";
  for (const byte of bytes) rest += CROCKFORD[byte % 32];
  return time + rest;
}

/** Hex from the seeded stream, for ids and tokens that must stay stable across runs. */
export function randomHex(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}
