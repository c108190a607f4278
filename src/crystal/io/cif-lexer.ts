// Single-pass CIF 1.1 tokenizer: one scan over the char codes, tokens stored in parallel typed arrays (no per-token objects).
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
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly lines: Int32Array;
}

const SP = 32, TAB = 9, LF = 10, CR = 13, HASH = 35, SQ = 39, DQ = 34, SEMI = 59, UNDERSCORE = 95;

function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === LF || c === CR || c === 11 || c === 12;
}

/** Case-insensitive test that text[at…] starts with a lower-case ASCII keyword. */
function startsWithKeyword(text: string, at: number, end: number, word: string): boolean {
  if (end - at < word.length) return false;
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(at + i);
    if ((c >= 65 && c <= 90 ? c | 0x20 : c) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Splits CIF text into tokens (CIF 1.1 syntax: comments, quoted strings that close only before whitespace,
 * `;` text fields at the start of a line, reserved words). LF, CRLF and lone CR all end a line.
 * Throws CifParseError (with the 1-based line) on an unterminated quote or text field.
 */
export function cifTokenize(text: string, file = "<string>"): CifTokens {
  const n = text.length;
  let cap = Math.max(64, (n >> 3) | 0);
  let kinds = new Uint8Array(cap);
  let starts = new Int32Array(cap);
  let ends = new Int32Array(cap);
  let lines = new Int32Array(cap);
  let count = 0;
  const push = (kind: number, s: number, e: number, line: number) => {
    if (count === cap) {
      cap *= 2;
      const k2 = new Uint8Array(cap); k2.set(kinds); kinds = k2;
      const s2 = new Int32Array(cap); s2.set(starts); starts = s2;
      const e2 = new Int32Array(cap); e2.set(ends); ends = e2;
      const l2 = new Int32Array(cap); l2.set(lines); lines = l2;
    }
    kinds[count] = kind; starts[count] = s; ends[count] = e; lines[count] = line;
    count++;
  };
  let i = 0;
  let line = 1;
  let lineStart = true; // at column 0
  if (n > 0 && text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) { line++; i++; lineStart = true; continue; }
    if (c === CR) { line++; i++; if (i < n && text.charCodeAt(i) === LF) i++; lineStart = true; continue; }
    if (isSpace(c)) { i++; lineStart = false; continue; }
    if (c === HASH) {
      while (i < n && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
      continue;
    }
    if (c === SEMI && lineStart) {
      // Text field: ends at a line that starts with ';'.
      const startLine = line;
      let j = i + 1;
      // Skip the rest of the opening line's break so the value starts on the next line when the opener is alone.
      let s = j;
      let e = -1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === LF || d === CR) {
          const brk = j;
          j++;
          if (d === CR && j < n && text.charCodeAt(j) === LF) j++;
          line++;
          if (j < n && text.charCodeAt(j) === SEMI) { e = brk; j++; break; }
          continue;
        }
        j++;
      }
      if (e < 0) throw new CifParseError(file, startLine, "unterminated text field (a ';' line opened here is never closed)");
      // A text field whose first line is empty starts after that line break.
      if (s < e && (text.charCodeAt(s) === LF || text.charCodeAt(s) === CR)) {
        s += text.charCodeAt(s) === CR && text.charCodeAt(s + 1) === LF ? 2 : 1;
      }
      push(CifTokenKind.TextField, s, Math.max(s, e), startLine);
      i = j;
      lineStart = false;
      continue;
    }
    lineStart = false;
    if (c === SQ || c === DQ) {
      // Quoted string: closes at the same quote followed by whitespace or end of text; may not span lines.
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new CifParseError(file, line, `unterminated ${c === SQ ? "single" : "double"}-quoted string`);
        const d = text.charCodeAt(j);
        if (d === LF || d === CR) throw new CifParseError(file, line, `unterminated ${c === SQ ? "single" : "double"}-quoted string (line ends inside it)`);
        if (d === c && (j + 1 >= n || isSpace(text.charCodeAt(j + 1)))) break;
        j++;
      }
      push(CifTokenKind.Quoted, i + 1, j, line);
      i = j + 1;
      continue;
    }
    // Bare word up to whitespace.
    let j = i + 1;
    while (j < n && !isSpace(text.charCodeAt(j))) j++;
    if (c === UNDERSCORE) push(CifTokenKind.Tag, i, j, line);
    else if (j === i + 1 && c === 63) push(CifTokenKind.Unknown, i, j, line);
    else if (j === i + 1 && c === 46) push(CifTokenKind.Inapplicable, i, j, line);
    else if (startsWithKeyword(text, i, j, "data_")) push(CifTokenKind.Data, i + 5, j, line);
    else if (j - i === 5 && startsWithKeyword(text, i, j, "loop_")) push(CifTokenKind.Loop, i, j, line);
    else if (startsWithKeyword(text, i, j, "save_") || (j - i === 7 && startsWithKeyword(text, i, j, "global_")) || (j - i === 5 && startsWithKeyword(text, i, j, "stop_")))
      push(CifTokenKind.Other, i, j, line);
    else push(CifTokenKind.Value, i, j, line);
    i = j;
  }
  return { text, count, kinds: kinds.subarray(0, count), starts: starts.subarray(0, count), ends: ends.subarray(0, count), lines: lines.subarray(0, count) };
}

/** The text of token k. */
export function cifTokenText(t: CifTokens, k: number): string {
  return t.text.slice(t.starts[k]!, t.ends[k]!);
}
