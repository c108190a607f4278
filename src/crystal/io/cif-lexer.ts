// Single-pass CIF 1.1 tokenizer: one scan over the char codes, tokens stored in parallel typed arrays (no per-token objects).
import { Buffer } from "node:buffer";
import { CifParseError } from "../errors.js";

/** Kinds of CIF tokens (values of CifTokens.kinds). */
export const CifTokenKind = {
  /** `_tag.name` */
  Tag: 1,
  /** An unquoted value. */
  Value: 2,
  /** A single- or double-quoted value (quotes excluded from start/end). */
  Quoted: 3,
  /** A `;` text field (delimiters and the first line break excluded from start/end). */
  TextField: 4,
  /** Unquoted `?` (unknown). */
  Unknown: 5,
  /** Unquoted `.` (inapplicable). */
  Inapplicable: 6,
  /** `loop_` */
  Loop: 7,
  /** `data_NAME` (start points after `data_`). */
  Data: 8,
  /** `global_`, `save_…`, `stop_`: parsed and ignored. */
  Other: 9,
} as const;

/** The tokens of one CIF text: token k spans text[starts[k], ends[k]) and begins on 1-based line lines[k]. */
export interface CifTokens {
  readonly text: string;
  /** The UTF-16 code units of text (codes[i] = text.charCodeAt(i)): readers scan these instead of the string. */
  readonly codes: Uint16Array;
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly lines: Int32Array;
}

/** A syntax error the lenient lexer read past: the token it produced instead, that token's line, and what was wrong. */
export interface CifLexIssue {
  readonly token: number;
  readonly line: number;
  readonly message: string;
}

const SP = 32, LF = 10, CR = 13, HASH = 35, SQ = 39, DQ = 34, SEMI = 59, UNDERSCORE = 95;

/** CIF whitespace (space, tab, line ends); other control characters are not allowed in CIF and are treated alike. */
function isSpace(c: number): boolean {
  return c <= SP;
}

/** Case-insensitive test that codes[at…end) starts with a lower-case ASCII keyword. */
function startsWithKeyword(codes: Uint16Array, at: number, end: number, word: string): boolean {
  if (end - at < word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = codes[at + i]!;
    if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

let scratchKinds = new Uint8Array(0);
let scratchStarts = new Int32Array(0);
let scratchEnds = new Int32Array(0);
let scratchLines = new Int32Array(0);

/** Texts up to this many characters reuse one scratch array of char codes; longer ones get their own. */
const CODES_SCRATCH_MAX = 1 << 20;
let codesBytes = Buffer.allocUnsafeSlow(0);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The UTF-16 code units of text (text.charCodeAt(i) for every i), in a reused scratch array valid until the next call.
 * Scanning a typed array is several times faster than charCodeAt on a string cut from a larger one (as every CIF
 * read from a dataset CSV is), and Node's native UTF-16LE write fills the array in one copy.
 */
function charCodes(text: string): Uint16Array {
  const n = text.length;
  let bytes = codesBytes;
  if (bytes.length < 2 * n) {
    bytes = Buffer.allocUnsafeSlow(2 * Math.max(n, 4096));
    if (n <= CODES_SCRATCH_MAX) codesBytes = bytes;
  }
  // allocUnsafeSlow gives the Buffer its own ArrayBuffer at offset 0, so the 16-bit view is aligned.
  const codes = new Uint16Array(bytes.buffer, 0, n);
  if (LITTLE_ENDIAN) bytes.write(text, 0, 2 * n, "utf16le");
  else for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

/** Grows the module's scratch token arrays to hold at least `size` tokens, keeping the first `keep` entries. */
function ensureScratch(size: number, keep = 0): void {
  if (scratchKinds.length >= size) return;
  const cap = Math.max(size, 2 * scratchKinds.length, 1024);
  const grow = <T extends Uint8Array | Int32Array>(old: T, fresh: T): T => {
    fresh.set(old.subarray(0, keep));
    return fresh;
  };
  scratchKinds = grow(scratchKinds, new Uint8Array(cap));
  scratchStarts = grow(scratchStarts, new Int32Array(cap));
  scratchEnds = grow(scratchEnds, new Int32Array(cap));
  scratchLines = grow(scratchLines, new Int32Array(cap));
}

/**
 * Splits CIF text into tokens (CIF 1.1 syntax: comments, quoted strings that close only before whitespace,
 * `;` text fields at the start of a line, reserved words). LF, CRLF and lone CR all end a line.
 * Throws CifParseError (with the 1-based line) on an unterminated quote or text field.
 */
export function cifTokenize(text: string, file = "<string>"): CifTokens {
  const t = cifTokenizeTransient(text, file);
  const n = t.count;
  return { text, codes: t.codes.slice(), count: n, kinds: t.kinds.slice(0, n), starts: t.starts.slice(0, n), ends: t.ends.slice(0, n), lines: t.lines.slice(0, n) };
}

/**
 * cifTokenize into the module's reused scratch arrays: the result is valid only until the next call (internal to
 * the CIF readers, whose blocks never outlive one read). The token arrays are the whole scratch arrays: entries from
 * `count` on are left over from earlier texts. With `issues`, a quoted string that the line ends inside is read to the
 * end of its line and reported there instead of thrown (pymatgen reads such free text on).
 * @throws CifParseError on an unterminated text field, or an unterminated quote when `issues` is not given.
 */
export function cifTokenizeTransient(text: string, file = "<string>", issues?: CifLexIssue[]): CifTokens {
  const n = text.length;
  // Tokens are separated by whitespace, so there are at most n/2 + 1 of them: small texts never need to grow the
  // reused scratch arrays; large ones grow them on demand.
  ensureScratch(Math.min((n >> 1) + 2, 1 << 16));
  const codes = charCodes(text);
  // The scan keeps its state in plain locals that no closure captures (captured, mutated locals would live in a
  // heap-allocated context and make every access in this hot loop a memory load/store).
  let kinds = scratchKinds, starts = scratchStarts, ends = scratchEnds, lines = scratchLines;
  let count = 0;
  let i = 0;
  let line = 1;
  let lineStart = true; // at column 0
  if (n > 0 && codes[0]! === 0xfeff) i = 1; // BOM
  while (i < n) {
    const c = codes[i]!;
    if (c <= SP) {
      // Whitespace (the most frequent character class: test it first).
      i++;
      if (c === LF) { line++; lineStart = true; }
      else if (c === CR) { line++; if (i < n && codes[i]! === LF) i++; lineStart = true; }
      else lineStart = false;
      continue;
    }
    if (c === HASH) {
      while (i < n && codes[i]! !== LF && codes[i]! !== CR) i++;
      continue;
    }
    let kind: number;
    let start: number, end: number;
    const tokenLine = line;
    if (c === SEMI && lineStart) {
      // Text field: ends at a line that starts with ';'.
      let j = i + 1;
      // Skip the rest of the opening line's break so the value starts on the next line when the opener is alone.
      let s = j;
      let e = -1;
      while (j < n) {
        const d = codes[j]!;
        if (d === LF || d === CR) {
          const brk = j;
          j++;
          if (d === CR && j < n && codes[j]! === LF) j++;
          line++;
          if (j < n && codes[j]! === SEMI) { e = brk; j++; break; }
          continue;
        }
        j++;
      }
      if (e < 0) throw new CifParseError(file, tokenLine, "unterminated text field (a ';' line opened here is never closed)");
      // A text field whose first line is empty starts after that line break.
      if (s < e && (codes[s]! === LF || codes[s]! === CR)) {
        s += codes[s]! === CR && codes[s + 1]! === LF ? 2 : 1;
      }
      kind = CifTokenKind.TextField; start = s; end = Math.max(s, e);
      i = j;
    } else if (c === SQ || c === DQ) {
      // Quoted string: closes at the same quote followed by whitespace or end of text; may not span lines.
      let j = i + 1;
      let closed = true;
      for (;;) {
        const d = j < n ? codes[j]! : LF;
        if (d === LF || d === CR) {
          const message = `unterminated ${c === SQ ? "single" : "double"}-quoted string${j < n ? " (line ends inside it)" : ""}`;
          if (!issues) throw new CifParseError(file, line, message);
          issues.push({ token: count, line, message });
          closed = false;
          break;
        }
        if (d === c && (j + 1 >= n || isSpace(codes[j + 1]!))) break;
        j++;
      }
      kind = CifTokenKind.Quoted; start = i + 1; end = j;
      i = closed ? j + 1 : j;
    } else {
      // Bare word up to whitespace.
      let j = i + 1;
      while (j < n && codes[j]! > SP) j++;
      kind = CifTokenKind.Value;
      start = i;
      end = j;
      if (c === UNDERSCORE) kind = CifTokenKind.Tag;
      else if (j === i + 1 && c === 63) kind = CifTokenKind.Unknown;
      else if (j === i + 1 && c === 46) kind = CifTokenKind.Inapplicable;
      else if (c === 100 || c === 68 || c === 108 || c === 76 || c === 115 || c === 83 || c === 103 || c === 71) {
        // d, l, s, g: maybe a reserved word
        if (startsWithKeyword(codes, i, j, "data_")) { kind = CifTokenKind.Data; start = i + 5; }
        else if (j - i === 5 && startsWithKeyword(codes, i, j, "loop_")) kind = CifTokenKind.Loop;
        else if (startsWithKeyword(codes, i, j, "save_") || (j - i === 7 && startsWithKeyword(codes, i, j, "global_")) || (j - i === 5 && startsWithKeyword(codes, i, j, "stop_")))
          kind = CifTokenKind.Other;
      }
      i = j;
    }
    lineStart = false;
    if (count === kinds.length) {
      ensureScratch(count + 1, count);
      kinds = scratchKinds; starts = scratchStarts; ends = scratchEnds; lines = scratchLines;
    }
    kinds[count] = kind; starts[count] = start; ends[count] = end; lines[count] = tokenLine;
    count++;
  }
  return { text, codes, count, kinds, starts, ends, lines };
}

/** The text of token k. */
export function cifTokenText(t: CifTokens, k: number): string {
  return t.text.slice(t.starts[k]!, t.ends[k]!);
}
