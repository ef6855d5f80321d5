/**
 * The one home of how an article's body is stored for the worker: its HTML (for its
 * page) and its XML and JSON encodings (for the feeds), each cut at the places the
 * public origin goes and kept as pieces the worker can put into a gzip stream as they
 * are (http/gzip.ts). The build deflates the long pieces; memory layouts for tests and
 * tools keep every piece as text. Either way each piece carries the CRC-32 of its text
 * and the operator that moves a CRC past it, so a request never reads a body to
 * checksum it: CRCs of neighbouring texts combine with one multiplication in GF(2),
 * the algebra of zlib's crc32_combine.
 */
import { escapeJsonString, escapeText } from "../text/escape";
import type { HtmlTemplate } from "./types";

/** The reflected CRC-32 polynomial of gzip (IEEE 802.3). */
const POLY = 0xedb88320;

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 of `bytes`, continuing from `crc` (the CRC of what came before them). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** a·b modulo the CRC polynomial, both reflected (bit 31 stands for x^0). */
export function multiplyModP(a: number, b: number): number {
  let product = 0;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, for k = 0…63. */
const POWERS = (() => {
  const powers = new Uint32Array(64);
  let power = 0x40000000; // x^1
  for (let k = 0; k < 64; k++) {
    powers[k] = power;
    power = multiplyModP(power, power);
  }
  return powers;
})();

/** The operator that moves a CRC past `length` bytes: x^(8·length) modulo the polynomial. */
export function crcShift(length: number): number {
  let operator = 0x80000000; // x^0
  for (let k = 3, n = length; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) operator = multiplyModP(POWERS[k] as number, operator);
  }
  return operator;
}

/** The CRC of A followed by B, from the CRC of A, the CRC of B and B's shift operator. */
export function crcCombine(crcA: number, crcB: number, shiftB: number): number {
  return (multiplyModP(shiftB, crcA) ^ crcB) >>> 0;
}

/** A run of text as a stream takes it: deflated alone and sync-flushed, or (short runs) the text itself. */
export interface Piece {
  /** Raw deflate data that ends byte-aligned and unfinished, or the UTF-8 text (`deflated` false). */
  bytes: Uint8Array;
  deflated: boolean;
  /** Bytes of text the piece stands for. */
  length: number;
  /** CRC-32 of that text. */
  crc: number;
  /** `crcShift(length)`. */
  shift: number;
}

/** How the build shrinks a piece's text: raw deflate, alone, ending in a sync flush. Without one, pieces stay text. */
export interface PieceCompressor {
  deflate(text: Uint8Array): Uint8Array;
  /** A faster CRC-32 where the platform has one. */
  crc32?(text: Uint8Array): number;
}

/** Texts shorter than this are not worth a deflate call: they are stored as they are. */
const DEFLATE_FROM = 96;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Numbers each piece takes in a pack's header: start, end, text length, CRC, shift, deflated (1 or 0). */
const PIECE_FIELDS = 6;

/** Where a body's encodings are in its record's bytes: the HTML (holes as NUL) and the XML and JSON pieces. */
export interface BodyLayout {
  /** [start, end) of the UTF-8 HTML, NUL where the origin goes (content/ never holds a NUL). */
  h: [number, number];
  /** Six numbers a piece (see PIECE_FIELDS); a hole for the origin between each piece and the next. */
  x: number[];
  j: number[];
}

/** The body of a stored article: its HTML for a page, and its encodings for the feeds. */
export interface ArticleBody {
  /** The HTML with the origin left open (joined with it to complete it). */
  html(): HtmlTemplate;
  /** The HTML escaped as XML text (RSS content:encoded, Atom content), cut where the origin goes. */
  xml: Piece[];
  /** The HTML as the inside of a JSON string (JSON Feed content_html), cut where the origin goes. */
  json: Piece[];
}

/** A body's bytes and layout, as a record is written. */
export interface EncodedBody {
  layout: BodyLayout;
  bytes: Uint8Array[];
}

/** Gathers the bytes of a record (or any file of pieces) and says where each piece is in them. */
export class PieceWriter {
  readonly bytes: Uint8Array[] = [];
  private at = 0;

  constructor(private readonly compressor?: PieceCompressor) {}

  /** Appends `chunk`; returns where it is. */
  append(chunk: Uint8Array): [number, number] {
    this.bytes.push(chunk);
    this.at += chunk.length;
    return [this.at - chunk.length, this.at];
  }

  /** Appends `texts` as pieces (a hole for the origin between each and the next); returns their numbers (PIECE_FIELDS each). */
  pieces(texts: readonly string[]): number[] {
    const { compressor } = this;
    return texts.flatMap((text) => {
      const raw = encoder.encode(text);
      const crc = compressor?.crc32 ? compressor.crc32(raw) : crc32(raw);
      const deflate = compressor !== undefined && raw.length >= DEFLATE_FROM;
      const [start, end] = this.append(deflate ? compressor.deflate(raw) : raw);
      return [start, end, raw.length, crc, crcShift(raw.length), deflate ? 1 : 0];
    });
  }
}

/** Encodes `template` (HTML cut where the origin goes) as a record stores it. */
export function encodeBody(template: HtmlTemplate, compressor?: PieceCompressor): EncodedBody {
  const writer = new PieceWriter(compressor);
  const layout: BodyLayout = {
    h: writer.append(encoder.encode(template.join(HOLE))),
    x: writer.pieces(template.map(escapeText)),
    j: writer.pieces(template.map(escapeJsonString)),
  };
  return { layout, bytes: writer.bytes };
}

/** Where the origin goes in a text the build writes ahead (content/ never holds a NUL). */
export const HOLE = "\u0000";

/** The pieces `fields` (PIECE_FIELDS numbers each) describe, in `bytes` from `base`. */
export function readPieces(fields: readonly number[], bytes: Uint8Array, base: number): Piece[] {
  const pieces: Piece[] = [];
  for (let i = 0; i + PIECE_FIELDS <= fields.length; i += PIECE_FIELDS) {
    pieces.push({
      bytes: bytes.subarray(base + (fields[i] ?? 0), base + (fields[i + 1] ?? 0)),
      deflated: fields[i + 5] === 1,
      length: fields[i + 2] ?? 0,
      crc: fields[i + 3] ?? 0,
      shift: fields[i + 4] ?? 0,
    });
  }
  return pieces;
}

/**
 * A stored body over the bytes of its pack. A pack holds dozens of records and a
 * document shows a few of them (a tag combination takes one or two from each pack it
 * reads), so nothing is made of a body until it is asked for, and then kept.
 */
class StoredBody implements ArticleBody {
  private template?: HtmlTemplate;
  private xmlPieces?: Piece[];
  private jsonPieces?: Piece[];

  constructor(
    private readonly layout: BodyLayout,
    private readonly bytes: Uint8Array,
    private readonly base: number,
  ) {}

  html(): HtmlTemplate {
    const { layout, bytes, base } = this;
    this.template ??= decoder.decode(bytes.subarray(base + layout.h[0], base + layout.h[1])).split(HOLE);
    return this.template;
  }

  get xml(): Piece[] {
    this.xmlPieces ??= readPieces(this.layout.x, this.bytes, this.base);
    return this.xmlPieces;
  }

  get json(): Piece[] {
    this.jsonPieces ??= readPieces(this.layout.j, this.bytes, this.base);
    return this.jsonPieces;
  }
}

/** A stored body over the bytes that hold it (`base`: where its record's bytes start). */
export function readBody(layout: BodyLayout, bytes: Uint8Array, base: number): ArticleBody {
  return new StoredBody(layout, bytes, base);
}

/** One array of several (pack chunks, a stream's parts). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A text as a piece kept as it is (the public origin, between a body's pieces). */
export function textPiece(text: string): Piece {
  const bytes = encoder.encode(text);
  return { bytes, deflated: false, length: bytes.length, crc: crc32(bytes), shift: crcShift(bytes.length) };
}
