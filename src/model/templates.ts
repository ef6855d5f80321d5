/**
 * Texts with an absolute URL every hundred bytes (the OPML, the sitemap's lists),
 * compressed ahead although the public origin they name is known only at request
 * time. A piece deflated alone cannot take them: the origin cuts them into runs too
 * short to compress, and a reference across an origin has a distance that depends on
 * its length. So the build parses such a text once into LZ77 tokens (literal bytes,
 * copies, and holes where the origin goes), each copy's distance kept as the static
 * bytes it spans plus the holes it crosses; a request writes the tokens in deflate's
 * fixed Huffman codes (RFC 1951 §3.2.6), each distance completed with the origin's
 * length, and every origin after the first as a copy of the one before. Writing codes
 * from a table costs a request far less than compressing, and the result is a fraction
 * of the text.
 *
 * The text's CRC-32 comes the same way: precomputed from its static runs, with the
 * origin's own CRC folded in (model/pieces.ts has the algebra), so no request reads
 * the text to checksum it.
 */
import { crc32, crcShift, HOLE, multiplyModP } from "./pieces";

/** Copies reach at most this far back (deflate's window), the origins they cross included. */
const WINDOW = 32_768;
/** The longest origin the build's distances allow for; a longer one makes the worker write the text as it is. */
export const MAX_ORIGIN = 256;
const MIN_MATCH = 4;
const MAX_MATCH = 258;
/** Candidates tried for a copy: enough for the repetitive texts this is for. */
const CHAIN = 16;
const HASH_BITS = 16;

/** Token words: a literal is its byte; a copy is two words; a hole one. */
const COPY = 0x8000_0000;
const HOLE_TOKEN = 0x4000_0000;

/** A text compiled ahead: its tokens and the numbers its CRC is folded from. */
export interface Template {
  /** Literals, copies (COPY | length << 16 | holes crossed, then static distance) and holes. */
  tokens: Uint32Array;
  /** Bytes of the text, origins left out. */
  staticLength: number;
  holes: number;
  /** Horner coefficients of the CRC: the runs' CRCs (holes + 1 of them), and the holes' shifts (holes of them). */
  runs: Uint32Array;
  shifts: Uint32Array;
  /** The text with NUL for the origin: what is written when the origin is too long for the tokens. */
  text: Uint8Array;
}

const encoder = new TextEncoder();

/** Compiles `text` (NUL where the origin goes) into a template. */
export function compileTemplate(text: string): Template {
  const runs = text.split(HOLE).map((run) => encoder.encode(run));
  const holes = runs.length - 1;
  const staticBytes = new Uint8Array(runs.reduce((total, run) => total + run.length, 0));
  /** Where each run starts in the static bytes. */
  const starts: number[] = [];
  let offset = 0;
  for (const run of runs) {
    starts.push(offset);
    staticBytes.set(run, offset);
    offset += run.length;
  }
  const tokens: number[] = [];
  // zlib's way of finding copies: the last position of each hash, and a chain to the ones before.
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const previous = new Int32Array(staticBytes.length);
  const runAt = new Int32Array(staticBytes.length);
  runs.forEach((run, r) => runAt.fill(r, starts[r] ?? 0, (starts[r] ?? 0) + run.length));
  const hash = (at: number) =>
    Math.imul(
      (staticBytes[at] ?? 0) |
        ((staticBytes[at + 1] ?? 0) << 8) |
        ((staticBytes[at + 2] ?? 0) << 16) |
        ((staticBytes[at + 3] ?? 0) << 24),
      0x9e3779b1,
    ) >>>
    (32 - HASH_BITS);
  const insert = (at: number) => {
    const h = hash(at);
    previous[at] = head[h] ?? -1;
    head[h] = at;
  };
  runs.forEach((run, r) => {
    if (r > 0) tokens.push(HOLE_TOKEN);
    const start = starts[r] ?? 0;
    const end = start + run.length;
    for (let at = start; at < end;) {
      let bestLength = 0;
      let bestFrom = 0;
      if (at + MIN_MATCH <= end) {
        let from = head[hash(at)] ?? -1;
        for (let tries = 0; from >= 0 && tries < CHAIN; tries++, from = previous[from] ?? -1) {
          const fromRun = runAt[from] ?? 0;
          if (at - from + (r - fromRun) * MAX_ORIGIN > WINDOW) break;
          const fromEnd = (starts[fromRun] ?? 0) + (runs[fromRun]?.length ?? 0);
          const limit = Math.min(MAX_MATCH, end - at, fromEnd - from);
          let length = 0;
          while (length < limit && staticBytes[from + length] === staticBytes[at + length]) length++;
          if (length > bestLength) {
            bestLength = length;
            bestFrom = from;
            if (length === limit) break;
          }
        }
      }
      if (bestLength >= MIN_MATCH) {
        tokens.push(COPY | (bestLength << 16) | (r - (runAt[bestFrom] ?? 0)), at - bestFrom);
        // Only the first positions of a copy are remembered: the rest repeat what is there already.
        for (let i = 0; i < Math.min(bestLength, 4) && at + i + MIN_MATCH <= end; i++) insert(at + i);
        at += bestLength;
      } else {
        tokens.push(staticBytes[at] ?? 0);
        if (at + MIN_MATCH <= end) insert(at);
        at++;
      }
    }
  });
  // CRC(text) = Σ crc(run j)·x^(8·static after j)·Y^(holes after j) ⊕ crc(origin)·Σ x^(8·static after hole k)·Y^(holes after k),
  // Y = x^(8·origin length): both sums are polynomials in Y with build-time coefficients.
  const runCoefficients = new Uint32Array(holes + 1);
  const holeCoefficients = new Uint32Array(holes);
  let after = staticBytes.length;
  runs.forEach((run, j) => {
    after -= run.length;
    runCoefficients[j] = multiplyModP(crcShift(after), crc32(run));
    if (j < holes) holeCoefficients[j] = crcShift(after);
  });
  return {
    tokens: Uint32Array.from(tokens),
    staticLength: staticBytes.length,
    holes,
    runs: runCoefficients,
    shifts: holeCoefficients,
    text: encoder.encode(text),
  };
}

/** A template as bytes: five u32 counts, then tokens, runs, shifts and the text (all little-endian). */
export function encodeTemplate(template: Template): Uint8Array {
  const { tokens, runs, shifts, text } = template;
  const words = 5 + tokens.length + runs.length + shifts.length;
  const bytes = new Uint8Array(words * 4 + text.length);
  const view = new DataView(bytes.buffer);
  let at = 0;
  const put = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  [tokens.length, template.staticLength, template.holes, text.length, 0].forEach(put);
  tokens.forEach(put);
  runs.forEach(put);
  shifts.forEach(put);
  bytes.set(text, at);
  return bytes;
}

/** Whether this platform's words are little-endian, as the file's are (then they are copied, not read one by one). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function decodeTemplate(bytes: Uint8Array): Template {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [tokenCount, staticLength, holes, textLength] = [0, 4, 8, 12].map((at) => view.getUint32(at, true)) as [
    number,
    number,
    number,
    number,
  ];
  const words = tokenCount + holes + 1 + holes;
  // One aligned copy of every word (the file's bytes need not be aligned), then views of it.
  const aligned = new Uint32Array(words);
  if (LITTLE_ENDIAN) new Uint8Array(aligned.buffer).set(bytes.subarray(20, 20 + words * 4));
  else for (let i = 0; i < words; i++) aligned[i] = view.getUint32(20 + i * 4, true);
  const tokens = aligned.subarray(0, tokenCount);
  const runs = aligned.subarray(tokenCount, tokenCount + holes + 1);
  const shifts = aligned.subarray(tokenCount + holes + 1, words);
  const textAt = 20 + words * 4;
  return { tokens, staticLength, holes, runs, shifts, text: bytes.subarray(textAt, textAt + textLength) };
}

/** deflate's fixed codes, bit-reversed for an LSB-first stream: [code, length] of each literal/length symbol. */
const LITERAL_CODES = (() => {
  const codes = new Uint32Array(288);
  const lengths = new Uint8Array(288);
  const assign = (from: number, to: number, first: number, bits: number) => {
    for (let symbol = from; symbol <= to; symbol++) {
      codes[symbol] = reverse(first + symbol - from, bits);
      lengths[symbol] = bits;
    }
  };
  assign(0, 143, 0x30, 8);
  assign(144, 255, 0x190, 9);
  assign(256, 279, 0, 7);
  assign(280, 287, 0xc0, 8);
  return { codes, lengths };
})();

function reverse(code: number, bits: number): number {
  let out = 0;
  for (let i = 0; i < bits; i++) out |= ((code >>> i) & 1) << (bits - 1 - i);
  return out;
}

const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
const DISTANCE_CODES = Uint8Array.from({ length: 30 }, (_, code) => reverse(code, 5));

/** The code of each length (3…258) and of each distance (1…32768), looked up rather than searched. */
const LENGTH_CODE = (() => {
  const table = new Uint8Array(259);
  for (let code = 0; code < 29; code++) {
    const top = code === 28 ? 258 : (LENGTH_BASE[code + 1] ?? 259) - 1;
    for (let length = LENGTH_BASE[code] ?? 0; length <= top; length++) table[length] = code;
  }
  return table;
})();

/** The distance code of each distance (1…32768): zlib's table, for the first 256 and then by 128s. */
const DISTANCE_CODE = (() => {
  const table = new Uint8Array(512);
  for (let code = 0; code < 30; code++) {
    const base = DISTANCE_BASE[code] ?? 0;
    const top = (DISTANCE_BASE[code + 1] ?? 32769) - 1;
    for (let distance = base; distance <= top; distance++) {
      if (distance <= 256) table[distance - 1] = code;
      else table[256 + ((distance - 1) >> 7)] = code;
    }
  }
  return table;
})();

function distanceCode(distance: number): number {
  return (distance <= 256 ? DISTANCE_CODE[distance - 1] : DISTANCE_CODE[256 + ((distance - 1) >> 7)]) ?? 0;
}

/** What a request writes templates with: the origin's bytes, its CRC, and multiplication by x^(8·its length) as tables. */
export interface Origin {
  bytes: Uint8Array;
  crc: number;
  /** x^(8·length) times a 32-bit value, a byte at a time (four tables of 256). */
  times: Uint32Array;
}

export function originFor(text: string): Origin {
  const bytes = encoder.encode(text);
  const y = crcShift(bytes.length);
  const times = new Uint32Array(1024);
  for (let table = 0; table < 4; table++) {
    for (let byte = 0; byte < 256; byte++) times[table * 256 + byte] = multiplyModP(y, (byte << (8 * table)) >>> 0);
  }
  return { bytes, crc: crc32(bytes), times };
}

function timesY(origin: Origin, value: number): number {
  const { times } = origin;
  return (
    ((times[value & 0xff] ?? 0) ^
      (times[256 + ((value >>> 8) & 0xff)] ?? 0) ^
      (times[512 + ((value >>> 16) & 0xff)] ?? 0) ^
      (times[768 + (value >>> 24)] ?? 0)) >>>
    0
  );
}

/** The CRC-32 of the template's text with `origin` in every hole. */
export function templateCrc(template: Template, origin: Origin): number {
  let runs = 0;
  for (const coefficient of template.runs) runs = (timesY(origin, runs) ^ coefficient) >>> 0;
  let shifts = 0;
  for (const coefficient of template.shifts) shifts = (timesY(origin, shifts) ^ coefficient) >>> 0;
  return (runs ^ multiplyModP(origin.crc, shifts)) >>> 0;
}

/** Bytes of the template's text with `origin` in every hole. */
export function templateLength(template: Template, origin: Origin): number {
  return template.staticLength + template.holes * origin.bytes.length;
}

/**
 * The template with `origin` in its holes as raw deflate: one block of fixed codes,
 * then an empty stored block, so it ends byte-aligned and unfinished like a piece.
 * Undefined when the origin is longer than the template's distances allow for. One
 * tight loop over the tokens with its bits in locals, since a fresh isolate runs it
 * before V8 has optimised anything.
 */
export function writeTemplate(template: Template, origin: Origin): Uint8Array<ArrayBuffer> | undefined {
  const length = origin.bytes.length;
  if (length > MAX_ORIGIN) return undefined;
  const { tokens } = template;
  const { codes, lengths } = LITERAL_CODES;
  // At most 4 bytes a token (a copy is two), 2 a byte of an origin written out, and the ends.
  let output: Uint8Array<ArrayBuffer> = new Uint8Array(tokens.length * 4 + length * 2 + 64);
  let size = 0;
  let buffer = 0b010; // not final; fixed codes
  let count = 3;
  let written = 0;
  let lastOrigin = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as number;
    let copied: number;
    let distance: number;
    if (token & COPY) {
      copied = (token >>> 16) & 0x1ff;
      distance = (tokens[++i] as number) + (token & 0xffff) * length;
    } else if (token & HOLE_TOKEN) {
      const previous = lastOrigin;
      lastOrigin = written;
      if (previous >= 0 && length >= 3 && written - previous <= WINDOW) {
        copied = length;
        distance = written - previous;
      } else {
        // The first origin (or one too far back) goes out byte by byte.
        if (size + length * 2 + 8 > output.length) output = grow(output, size, length * 2 + 8);
        for (let b = 0; b < length; b++) {
          const value = origin.bytes[b] as number;
          buffer |= (codes[value] as number) << count;
          count += lengths[value] as number;
          while (count >= 8) {
            output[size++] = buffer & 0xff;
            buffer >>>= 8;
            count -= 8;
          }
        }
        written += length;
        continue;
      }
    } else {
      buffer |= (codes[token] as number) << count;
      count += lengths[token] as number;
      while (count >= 8) {
        output[size++] = buffer & 0xff;
        buffer >>>= 8;
        count -= 8;
      }
      written++;
      continue;
    }
    if (size + 8 > output.length) output = grow(output, size, 8);
    // A copy: its length's symbol and extra bits, then its distance's code and extra bits.
    const lengthCode = LENGTH_CODE[copied] as number;
    buffer |= (codes[257 + lengthCode] as number) << count;
    count += lengths[257 + lengthCode] as number;
    while (count >= 8) {
      output[size++] = buffer & 0xff;
      buffer >>>= 8;
      count -= 8;
    }
    buffer |= (copied - (LENGTH_BASE[lengthCode] as number)) << count;
    count += LENGTH_EXTRA[lengthCode] as number;
    const code = distanceCode(distance);
    buffer |= (DISTANCE_CODES[code] as number) << count;
    count += 5;
    while (count >= 8) {
      output[size++] = buffer & 0xff;
      buffer >>>= 8;
      count -= 8;
    }
    buffer |= (distance - (DISTANCE_BASE[code] as number)) << count;
    count += DISTANCE_EXTRA[code] as number;
    while (count >= 8) {
      output[size++] = buffer & 0xff;
      buffer >>>= 8;
      count -= 8;
    }
    written += copied;
  }
  if (size + 16 > output.length) output = grow(output, size, 16);
  // The block's end, then an empty stored block: its header (three zero bits), the byte boundary, LEN 0 and NLEN.
  buffer |= (codes[256] as number) << count;
  count += (lengths[256] as number) + 3;
  while (count > 0) {
    output[size++] = buffer & 0xff;
    buffer >>>= 8;
    count -= 8;
  }
  output[size++] = 0x00;
  output[size++] = 0x00;
  output[size++] = 0xff;
  output[size++] = 0xff;
  return output.subarray(0, size);
}

function grow(bytes: Uint8Array<ArrayBuffer>, size: number, more: number): Uint8Array<ArrayBuffer> {
  const grown = new Uint8Array((bytes.length + more) * 2);
  grown.set(bytes.subarray(0, size));
  return grown;
}
