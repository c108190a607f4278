// CIF data blocks from tokens: items (tag → value token) and loops (tags + a run of value tokens), without copying values.
import { CifParseError } from "../errors.js";
import { CifTokenKind as K, type CifTokens, cifTokenize, cifTokenizeTransient } from "./cif-lexer.js";

/** A `loop_`: `tags.length` columns, `rows` rows; the value of (row, col) is token `first + row * tags.length + col`. */
export interface CifLoop {
  readonly tags: readonly string[];
  readonly first: number;
  readonly rows: number;
  /** 1-based line of the `loop_` keyword. */
  readonly line: number;
}

/** One `data_` block. Tags are normalised: lower case, '.' replaced by '_' (so DDLm `_cell.length_a` = `_cell_length_a`). */
export interface CifBlock {
  readonly name: string;
  /** 1-based line of `data_`. */
  readonly line: number;
  readonly tokens: CifTokens;
  /** Non-looped items: tag → index of its value token. */
  readonly items: Map<string, number>;
  readonly loops: CifLoop[];
  /** Looped tags: tag → [loop index, column]. */
  readonly looped: Map<string, [number, number]>;
}

function isValueKind(k: number): boolean {
  return k === K.Value || k === K.Quoted || k === K.TextField || k === K.Unknown || k === K.Inapplicable;
}

/** Normalised tag name of token k. */
function tagName(t: CifTokens, k: number): string {
  const codes = t.codes;
  const s = t.starts[k]!, e = t.ends[k]!;
  let plain = true;
  for (let j = s; j < e; j++) {
    const c = codes[j]!;
    if ((c >= 65 && c <= 90) || c === 46) { plain = false; break; }
  }
  if (plain) return t.text.slice(s, e);
  return t.text.slice(s, e).toLowerCase().replace(/\./g, "_");
}

/**
 * Splits CIF text into data blocks. Throws CifParseError (file, 1-based line) on syntax errors: a tag without a value,
 * a value without a tag, a loop whose value count is not a multiple of its tag count (typically a truncated file),
 * a duplicated tag, or content before the first `data_`.
 */
export function parseCifBlocks(text: string, file = "<string>"): CifBlock[] {
  return blocksFromTokens(cifTokenize(text, file), file);
}

/** parseCifBlocks on the lexer's scratch tokens: valid only until the next CIF is tokenized (internal to the readers). */
export function parseCifBlocksTransient(text: string, file = "<string>"): CifBlock[] {
  return blocksFromTokens(cifTokenizeTransient(text, file), file);
}

function blocksFromTokens(t: CifTokens, file: string): CifBlock[] {
  const { kinds, lines, count } = t;
  const blocks: CifBlock[] = [];
  let block: CifBlock | undefined;
  let k = 0;
  while (k < count) {
    const kind = kinds[k]!;
    if (kind === K.Data) {
      block = { name: t.text.slice(t.starts[k]!, t.ends[k]!), line: lines[k]!, tokens: t, items: new Map(), loops: [], looped: new Map() };
      blocks.push(block);
      k++;
      continue;
    }
    if (kind === K.Other) { k++; continue; }
    if (!block) throw new CifParseError(file, lines[k]!, `'${t.text.slice(t.starts[k]!, t.ends[k]!).slice(0, 40)}' before the first data_ block`);
    if (kind === K.Tag) {
      const tag = tagName(t, k);
      if (k + 1 >= count || !isValueKind(kinds[k + 1]!))
        throw new CifParseError(file, lines[k]!, `tag ${tag} has no value${k + 1 >= count ? " (the file ends here: truncated?)" : ""}`);
      // One Map operation per tag in the common case: a set that does not grow the map found the tag already there
      // (the block is then abandoned with the error, so the overwritten value is never seen).
      const before = block.items.size;
      block.items.set(tag, k + 1);
      if (block.items.size === before || (block.looped.size > 0 && block.looped.has(tag))) throw duplicateTag(file, lines[k]!, tag, block);
      k += 2;
      continue;
    }
    if (kind === K.Loop) {
      const line = lines[k]!;
      k++;
      const tags: string[] = [];
      const loopIndex = block.loops.length;
      while (k < count && kinds[k] === K.Tag) {
        const tag = tagName(t, k);
        // As for items: the set finds a repeated tag (an error either way, so the overwritten entry is never seen).
        const before = block.looped.size;
        block.looped.set(tag, [loopIndex, tags.length]);
        if (block.items.has(tag) || block.looped.size === before) {
          if (!block.items.has(tag) && tags.includes(tag)) throw new CifParseError(file, lines[k]!, `tag ${tag} appears twice in the loop_ of line ${line}`);
          throw duplicateTag(file, lines[k]!, tag, block);
        }
        tags.push(tag);
        k++;
      }
      if (tags.length === 0) throw new CifParseError(file, line, "loop_ without tags");
      const first = k;
      while (k < count && isValueKind(kinds[k]!)) k++;
      const nValues = k - first;
      if (nValues % tags.length !== 0) {
        const lastLine = nValues > 0 ? lines[k - 1]! : line;
        throw new CifParseError(
          file,
          lastLine,
          `loop_ of line ${line} has ${nValues} values for ${tags.length} tags (not a whole number of rows${k >= count ? "; the file ends here: truncated?" : ""})`,
        );
      }
      block.loops.push({ tags, first, rows: nValues / tags.length, line });
      continue;
    }
    throw new CifParseError(file, lines[k]!, `value '${t.text.slice(t.starts[k]!, t.ends[k]!).slice(0, 40)}' without a tag`);
  }
  return blocks;
}

function duplicateTag(file: string, line: number, tag: string, block: CifBlock): CifParseError {
  return new CifParseError(file, line, `tag ${tag} appears twice in data block '${block.name}'`);
}

/** True when token k is `?` or `.` (no value). */
export function cifIsNull(t: CifTokens, k: number): boolean {
  const kind = t.kinds[k]!;
  return kind === K.Unknown || kind === K.Inapplicable;
}

/** String value of token k (undefined for `?` and `.`). */
export function cifString(t: CifTokens, k: number): string | undefined {
  return cifIsNull(t, k) ? undefined : t.text.slice(t.starts[k]!, t.ends[k]!);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Numeric value of token k with a standard uncertainty in parentheses dropped ("5.431(2)" → 5.431).
 * NaN for `?`, `.` and anything that is not a decimal number. Plain decimals with at most 15 significant digits are
 * parsed without allocating (an exact integer mantissa divided by an exact power of ten is correctly rounded);
 * others go through Number().
 */
export function cifNumber(t: CifTokens, k: number): number {
  const kind = t.kinds[k]!;
  if (kind === K.Unknown || kind === K.Inapplicable || kind === K.TextField) return NaN;
  const codes = t.codes;
  let j = t.starts[k]!;
  let e = t.ends[k]!;
  const s = j;
  let neg = false;
  let c = codes[j]!;
  if (c === 45 || c === 43) { neg = c === 45; j++; }
  let mantissa = 0, digits = 0, fracDigits = 0, dot = false;
  for (; j < e; j++) {
    c = codes[j]!;
    if (c >= 48 && c <= 57) {
      if (digits > 0 || c !== 48) digits++;
      mantissa = mantissa * 10 + (c - 48);
      if (dot) fracDigits++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (j === e || c === 40) {
    if (j < e) {
      // "(digits)" must close the token.
      let m = j + 1;
      while (m < e && codes[m]! >= 48 && codes[m]! <= 57) m++;
      if (m !== e - 1 || codes[m]! !== 41) return NaN;
    }
    const seenDigit = j > s + (neg || codes[s]! === 43 ? 1 : 0) + (dot ? 1 : 0);
    if (!seenDigit) return NaN;
    if (digits <= 15 && fracDigits <= 22) {
      const v = mantissa / POW10[fracDigits]!;
      return neg ? -v : v;
    }
    e = j;
  } else if (c !== 101 && c !== 69) return NaN;
  // Exponent or long mantissa: validate the rest, then let Number() do the exact conversion.
  for (let m = j; m < e; m++) {
    const d = codes[m]!;
    if (d === 40) {
      let q = m + 1;
      while (q < e && codes[q]! >= 48 && codes[q]! <= 57) q++;
      if (q !== e - 1 || codes[q]! !== 41) return NaN;
      e = m;
      break;
    }
    if (!((d >= 48 && d <= 57) || d === 101 || d === 69 || d === 43 || d === 45 || d === 46)) return NaN;
  }
  const v = +t.text.slice(s, e);
  return Number.isFinite(v) ? v : NaN;
}
