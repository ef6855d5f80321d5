/**
 * Gzip without compressing at request time. A feed is mostly article bodies, and
 * deflating 100 KB of them costs a request several milliseconds of CPU, so the build
 * deflates each body once (model/pieces.ts) and a request only stitches: the bodies'
 * pieces as the build made them, and the few strings that depend on the request (the
 * document's head, each item's fields, the public origin) as stored blocks, inside one
 * gzip member (RFC 1951, RFC 1952).
 *
 * A piece may be joined into any stream because the build deflates it alone (no
 * reference reaches before its start) and ends it with a sync flush (an empty stored
 * block), so it leaves the stream byte-aligned and unfinished. The gzip trailer wants
 * the CRC-32 of the whole text, which nobody has in one place: each piece carries its
 * own CRC and the operator that moves a CRC past its length, and CRCs of neighbouring
 * texts combine with one multiplication in GF(2) (see model/pieces.ts).
 */
import { concatBytes as concat, crc32, crcCombine, crcShift, HOLE, type Piece, textPiece } from "../model/pieces";
import { type Origin, originFor, type Template, templateCrc, templateLength, writeTemplate } from "../model/templates";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What stands for a run of text the stitcher never reads in the document's fingerprint: its CRC and length. */
function markOf(crc: number, length: number): Uint8Array {
  const mark = new Uint8Array(8);
  const view = new DataView(mark.buffer);
  view.setUint32(0, crc);
  view.setUint32(4, length);
  return mark;
}
/** A stored block holds at most this many bytes. */
const STORED_MAX = 0xffff;
/** gzip header: magic, deflate, no flags, no time, no extra flags, OS unknown. */
const HEADER = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** A final block with fixed codes that holds only its end: how the stream finishes. */
const LAST_BLOCK = new Uint8Array([0x03, 0x00]);

/** The finished document: its gzip bytes, the length of its text, and a fingerprint of that text. */
export interface Stitched {
  gzip: Uint8Array<ArrayBuffer>;
  /** Length of the uncompressed text. */
  length: number;
  /** Bytes that change exactly when the text does (the texts written here, the pieces' CRCs and lengths): what the ETag hashes. */
  fingerprint: Uint8Array<ArrayBuffer>;
}

/**
 * Writes one gzip member from texts and pieces, in order. Texts and pieces kept as
 * text are gathered into stored blocks; a deflated piece is copied as it is.
 */
export class GzipStitcher {
  private readonly out: Uint8Array[] = [HEADER];
  private readonly marks: Uint8Array[] = [];
  private pending: Uint8Array[] = [];
  private crc = 0;
  private length = 0;

  /** Text the request decides. */
  text(value: string): this {
    if (value.length === 0) return this;
    const bytes = encoder.encode(value);
    this.crc = crc32(bytes, this.crc);
    this.length += bytes.length;
    this.pending.push(bytes);
    this.marks.push(bytes);
    return this;
  }

  piece(piece: Piece): this {
    if (piece.length === 0) return this;
    this.crc = crcCombine(this.crc, piece.crc, piece.shift);
    this.length += piece.length;
    this.marks.push(markOf(piece.crc, piece.length));
    if (!piece.deflated) {
      this.pending.push(piece.bytes);
      return this;
    }
    this.flushStored();
    this.out.push(piece.bytes);
    return this;
  }

  /** A text compiled ahead with holes (model/templates.ts), `origin` in them. */
  template(template: Template, origin: Origin): this {
    const length = templateLength(template, origin);
    if (length === 0) return this;
    const deflated = writeTemplate(template, origin);
    if (!deflated) return this.text(decoder.decode(template.text).replaceAll(HOLE, decoder.decode(origin.bytes)));
    const crc = templateCrc(template, origin);
    this.crc = crcCombine(this.crc, crc, crcShift(length));
    this.length += length;
    this.marks.push(markOf(crc, length));
    this.flushStored();
    this.out.push(deflated);
    return this;
  }

  finish(): Stitched {
    this.flushStored();
    const trailer = new Uint8Array(8);
    const view = new DataView(trailer.buffer);
    view.setUint32(0, this.crc, true);
    view.setUint32(4, this.length % 0x100000000, true);
    return { gzip: concat([...this.out, LAST_BLOCK, trailer]), length: this.length, fingerprint: concat(this.marks) };
  }

  /** What is pending as stored blocks (RFC 1951 §3.2.4): not final, type 00, then LEN and its complement. */
  private flushStored(): void {
    if (this.pending.length === 0) return;
    const bytes = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : concat(this.pending);
    this.pending = [];
    for (let start = 0; start < bytes.length; start += STORED_MAX) {
      const chunk = bytes.subarray(start, Math.min(bytes.length, start + STORED_MAX));
      const size = chunk.length;
      this.out.push(new Uint8Array([0, size & 0xff, size >>> 8, ~size & 0xff, (~size >>> 8) & 0xff]), chunk);
    }
  }
}

/** What goes into a document's slot: texts, pieces, and templates (with the origin in their holes). */
export type Fill = Piece | string | Template;

function isTemplate(fill: Piece | Template): fill is Template {
  return "tokens" in fill;
}

/**
 * A document whose `text` has `slot` where each of `fills` goes, in order: a fill is
 * texts, pieces and templates, written one after another, `origin` in the templates.
 */
export function stitchDocument(
  text: string,
  slot: string,
  fills: readonly (readonly Fill[])[],
  origin?: string,
): Stitched {
  const parts = text.split(slot);
  if (parts.length !== fills.length + 1) {
    throw new Error(`a document has ${parts.length - 1} slot(s) for ${fills.length} fills`);
  }
  const stitcher = new GzipStitcher();
  parts.forEach((part, i) => {
    stitcher.text(part);
    for (const fill of fills[i] ?? []) {
      if (typeof fill === "string") stitcher.text(fill);
      else if (!isTemplate(fill)) stitcher.piece(fill);
      else stitcher.template(fill, templateOrigin(origin ?? ""));
    }
  });
  return stitcher.finish();
}

/** Pieces cut where the origin goes, with the origin put back between them. */
export function withOrigin(pieces: readonly Piece[], origin: Piece): Piece[] {
  return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [origin, piece]));
}

/** `make` of the public origin, made once per origin an isolate serves (usually one; a few at most are kept). */
function perOrigin<T>(make: (origin: string) => T): (origin: string) => T {
  const made = new Map<string, T>();
  return (origin) => {
    let value = made.get(origin);
    if (value === undefined) {
      if (made.size > 16) made.clear();
      value = make(origin);
      made.set(origin, value);
    }
    return value;
  };
}

/** The public origin as a piece (between a body's pieces). */
export const originPiece = perOrigin(textPiece);

/** The public origin as templates take it. */
export const templateOrigin = perOrigin(originFor);
