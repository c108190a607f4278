// CIF data blocks from tokens: items (tag → value token) and loops (tags + a run of value tokens), without copying values.
import { CifParseError } from "../errors.js";
import { type CifLexIssue, CifTokenKind as K, type CifTokens, cifTokenize, cifTokenizeTransient } from "./cif-lexer.js";
import { detachedString } from "./detached-string.js";

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

/**
 * The tags of the blocks of one text, in file order, with where their values are. Scratch memory of the parser,
 * reused by the next parse (like the lexer's token arrays): building CifBlock's two Maps per block would cost about
 * as much as tokenizing the whole text, and the readers look tags up by interned id instead (findCifTag).
 */
export interface CifTagTable {
  /** Interned id of each tag's name (−1 for a name that is not interned; see `names`). */
  ids: Int32Array;
  /** Names of the tags that are not interned, by position (other entries are stale). */
  names: string[];
  /** Per tag: the index of its value token (an item), or −1 − its loop's index (a looped tag). */
  at: Int32Array;
  /** Per tag: its column in its loop (0 for an item). */
  column: Int32Array;
}

/** A syntax error the lenient block parser read past: its line, what was wrong and the tags it concerns. */
export interface CifSyntaxIssue {
  readonly line: number;
  readonly message: string;
  /** What the parser read instead ("the later value used"). */
  readonly recovery: string;
  /** The tag of the broken item, or every tag of the broken loop: the reader decides whether they matter. */
  readonly tags: readonly string[];
}

/** A `data_` block as the readers use it: entries first … end − 1 of the parse's tag table. */
export interface CifBlockIndex {
  readonly name: string;
  /** 1-based line of `data_`. */
  readonly line: number;
  readonly tokens: CifTokens;
  readonly loops: CifLoop[];
  readonly tags: CifTagTable;
  readonly first: number;
  /** One past the block's last tag (grows while the block is parsed). */
  end: number;
  /** Syntax errors read past in this block (always empty for the strict parseCifBlocks). */
  readonly issues: CifSyntaxIssue[];
}

function isValueKind(k: number): boolean {
  return k === K.Value || k === K.Quoted || k === K.TextField || k === K.Unknown || k === K.Inapplicable;
}

/** A tag character normalised: ASCII upper case to lower case, '.' to '_'. */
function normalisedTagCode(c: number): number {
  return c >= 65 && c <= 90 ? c | 0x20 : c === 46 ? 95 : c;
}

/**
 * Normalised tag names, interned in an open-addressing table keyed by a hash of the name; a name's slot is its id.
 * Files repeat the same few dozen tags, so tagName usually finds its name here: no substring is made, and the id
 * stands for the name in block lookups. Each name is kept as a string (detached from the text it came from) and as
 * its char codes, which compare several times faster than charCodeAt. Names are never evicted, so ids are stable.
 * Names read from files fill at most half the table (later new tags are simply not interned) and the table as a whole
 * at most three quarters, which keeps every probe sequence short and always ends it at a free slot.
 */
const INTERN_SLOTS = 2048;
const INTERN_MAX = (3 * INTERN_SLOTS) / 4;
const internHashes = new Int32Array(INTERN_SLOTS);
const internNames: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);
const internCodes: Uint16Array[] = new Array<Uint16Array>(INTERN_SLOTS).fill(new Uint16Array(0));
let internedFromFiles = 0, interned = 0;

/** True when `name` (char codes of a normalised tag) is the normalised text of codes[s, e). */
function isTagName(name: Uint16Array, codes: Uint16Array, s: number, e: number): boolean {
  if (name.length !== e - s) return false;
  for (let j = s; j < e; j++) {
    // Most tags are written in lower case: the raw comparison usually settles it.
    const c = codes[j]!, n = name[j - s]!;
    if (c !== n && normalisedTagCode(c) !== n) return false;
  }
  return true;
}

/**
 * A hash of the normalised tag codes[s, e) from its length and five of its characters: the last three (which tell
 * apart most tags of one category: `_cell_length_a`, `_cell_length_b`) and two inner ones. Hashing every character
 * would cost as much as the tokenizer's whole scan; the table compares whole names anyway.
 */
function tagHash(codes: Uint16Array, s: number, e: number): number {
  const len = e - s;
  let h = len;
  h = Math.imul(h, 31) + normalisedTagCode(codes[e - 1]!);
  h = Math.imul(h, 31) + normalisedTagCode(codes[Math.max(s, e - 2)]!);
  h = Math.imul(h, 31) + normalisedTagCode(codes[Math.max(s, e - 3)]!);
  h = Math.imul(h, 31) + normalisedTagCode(codes[s + (len >> 1)]!);
  h = Math.imul(h, 31) + normalisedTagCode(codes[s + (len >> 2)]!);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/** The slot of the interned name codes[s, e) (normalised), else the free slot where it would go. */
function internSlot(codes: Uint16Array, s: number, e: number, h: number): number {
  let slot = h & (INTERN_SLOTS - 1);
  while (internNames[slot] !== undefined && !(internHashes[slot] === h && isTagName(internCodes[slot]!, codes, s, e))) slot = (slot + 1) & (INTERN_SLOTS - 1);
  return slot;
}

/** Interns `name` (normalised, its char codes in `codes`) in the free slot `slot`; returns the stored string. */
function intern(slot: number, h: number, name: string, codes: Uint16Array): string {
  interned++;
  internHashes[slot] = h;
  internCodes[slot] = codes;
  return (internNames[slot] = detachedString(name));
}

/** The char codes of a string. */
function charCodesOf(s: string): Uint16Array {
  const codes = new Uint16Array(s.length);
  for (let j = 0; j < s.length; j++) codes[j] = s.charCodeAt(j);
  return codes;
}

/** Normalised name of tag token k and its interned id (-1 when not interned). */
interface TagName {
  name: string;
  id: number;
}

/** Normalised name and interned id of tag token k (written into `out`, to allocate nothing per tag). */
function tagName(t: CifTokens, k: number, out: TagName): void {
  const codes = t.codes;
  const s = t.starts[k]!, e = t.ends[k]!;
  const h = tagHash(codes, s, e);
  const slot = internSlot(codes, s, e, h);
  const cached = internNames[slot];
  if (cached !== undefined) {
    out.name = cached;
    out.id = slot;
    return;
  }
  let plain = true;
  for (let j = s; j < e; j++) {
    const c = codes[j]!;
    if ((c >= 65 && c <= 90) || c === 46) { plain = false; break; }
  }
  const name = plain ? t.text.slice(s, e) : t.text.slice(s, e).toLowerCase().replace(/\./g, "_");
  out.name = name;
  out.id = -1;
  if (internedFromFiles >= INTERN_SLOTS / 2 || interned >= INTERN_MAX) return;
  const nameCodes = charCodesOf(name);
  // toLowerCase also lowers non-ASCII letters: such a name is not what the hash describes and is not interned.
  if (!isTagName(nameCodes, codes, s, e)) return;
  internedFromFiles++;
  out.name = intern(slot, h, name, nameCodes);
  out.id = slot;
}

/** A normalised tag name the readers look up, with its interned id. */
export interface CifTag {
  readonly name: string;
  readonly id: number;
}

/** The CifTag of a normalised tag name (lower case, '_' for '.'), interning it. For the readers' constant tags. */
export function cifTag(name: string): CifTag {
  const codes = charCodesOf(name);
  if (!isTagName(codes, codes, 0, codes.length)) throw new RangeError(`cifTag: '${name}' is not a normalised tag name`);
  const h = tagHash(codes, 0, codes.length);
  const slot = internSlot(codes, 0, codes.length, h);
  if (internNames[slot] === undefined && interned >= INTERN_MAX) throw new RangeError("cifTag: too many tags");
  return { name: internNames[slot] ?? intern(slot, h, name, codes), id: slot };
}

/** Normalised name of entry i of a tag table. */
function nameAt(table: CifTagTable, i: number): string {
  const id = table.ids[i]!;
  return id >= 0 ? internNames[id]! : table.names[i]!;
}

/** Position of `tag` in the tag table, within the block's range; -1 when the block does not have it. */
export function findCifTag(block: CifBlockIndex, tag: CifTag): number {
  const ids = block.tags.ids;
  for (let i = block.first; i < block.end; i++) if (ids[i] === tag.id || (ids[i] === -1 && block.tags.names[i] === tag.name)) return i;
  return -1;
}

/** Position of the tag named `name` in the tag table, within the block's range; -1 when the block does not have it. */
function findTagName(block: CifBlockIndex, name: string): number {
  for (let i = block.first; i < block.end; i++) if (nameAt(block.tags, i) === name) return i;
  return -1;
}

/** The value token of the non-looped item `tag`, or undefined when the block has no such item. */
export function cifItem(block: CifBlockIndex, tag: CifTag): number | undefined {
  const i = findCifTag(block, tag);
  return i >= 0 && block.tags.at[i]! >= 0 ? block.tags.at[i] : undefined;
}

/** The loop index and column of the looped tag `tag`, or undefined when the block does not loop it. */
export function cifLoopColumn(block: CifBlockIndex, tag: CifTag): { loop: number; column: number } | undefined {
  const i = findCifTag(block, tag);
  return i >= 0 && block.tags.at[i]! < 0 ? { loop: -1 - block.tags.at[i]!, column: block.tags.column[i]! } : undefined;
}

/**
 * Splits CIF text into data blocks. Throws CifParseError (file, 1-based line) on syntax errors: a tag without a value,
 * a value without a tag, a loop whose value count is not a multiple of its tag count (typically a truncated file),
 * a duplicated tag, or content before the first `data_`.
 */
export function parseCifBlocks(text: string, file = "<string>"): CifBlock[] {
  return blocksFromTokens(cifTokenize(text, file), file).map(withMaps);
}

/** A block index with CifBlock's Maps (which, unlike the tag table, stay valid). */
function withMaps(b: CifBlockIndex): CifBlock {
  const items = new Map<string, number>(), looped = new Map<string, [number, number]>();
  const { at, column } = b.tags;
  for (let i = b.first; i < b.end; i++) {
    if (at[i]! >= 0) items.set(nameAt(b.tags, i), at[i]!);
    else looped.set(nameAt(b.tags, i), [-1 - at[i]!, column[i]!]);
  }
  return { name: b.name, line: b.line, tokens: b.tokens, items, loops: b.loops, looped };
}

/**
 * parseCifBlocks on the lexer's scratch tokens (valid only until the next CIF is tokenized; internal to the readers),
 * lenient where pymatgen is: an unterminated quote, a repeated tag and a loop whose value count is not a multiple of its
 * tag count are recorded in the block's `issues` (read on: quote to the end of the line, the later value of a repeated
 * item, the first of a repeated looped tag, the whole rows of a loop) for the reader to judge.
 * @throws CifParseError for the other syntax errors parseCifBlocks throws.
 */
export function parseCifBlocksTransient(text: string, file = "<string>"): CifBlockIndex[] {
  const lexIssues: CifLexIssue[] = [];
  return blocksFromTokens(cifTokenizeTransient(text, file, lexIssues), file, lexIssues);
}

/** The parser's tag table (see CifTagTable), grown on demand. */
const table: CifTagTable = { ids: new Int32Array(256), names: [], at: new Int32Array(256), column: new Int32Array(256) };

/** Appends a tag to the block being built: its value at token `at` (an item) or in column `column` of loop −1 − at. */
function addTag(block: CifBlockIndex, tag: TagName, at: number, column: number): void {
  const i = block.end++;
  if (i === table.ids.length) {
    const grow = (old: Int32Array) => {
      const fresh = new Int32Array(2 * old.length);
      fresh.set(old);
      return fresh;
    };
    table.ids = grow(table.ids);
    table.at = grow(table.at);
    table.column = grow(table.column);
  }
  table.ids[i] = tag.id;
  // Only names that are not interned are stored, detached: the table outlives the text (a slice would keep it alive).
  if (tag.id < 0) table.names[i] = detachedString(tag.name);
  table.at[i] = at;
  table.column[i] = column;
}

/**
 * Which block last saw each interned tag (a serial number per block built), so that a repeated tag is found without
 * a set per block. Tags that are not interned (rare) are checked against the block's names instead.
 */
const seenInBlock = new Int32Array(INTERN_SLOTS);
let blockSerial = 0;

/** True when the block already lists the tag. `uncached` counts the block's tags that are not interned. */
function alreadyListed(block: CifBlockIndex, tag: TagName, serial: number, uncached: number): boolean {
  if (tag.id >= 0) {
    if (seenInBlock[tag.id] === serial) return true;
    seenInBlock[tag.id] = serial;
    return uncached > 0 && findTagName(block, tag.name) >= 0;
  }
  return findTagName(block, tag.name) >= 0;
}

/**
 * The blocks of a token list. Strict (every syntax error thrown) without `lexIssues`; with it, lenient (see
 * parseCifBlocksTransient), the lexer's issues attached to the block and tags of their tokens.
 */
function blocksFromTokens(t: CifTokens, file: string, lexIssues?: readonly CifLexIssue[]): CifBlockIndex[] {
  const { kinds, lines, count } = t;
  let nextLexIssue = 0;
  /** Attaches the lexer's issues on tokens before `end` to the block, as concerning `tags`. */
  const attachLexIssues = (b: CifBlockIndex, end: number, tags: readonly string[]) => {
    for (; lexIssues && nextLexIssue < lexIssues.length && lexIssues[nextLexIssue]!.token < end; nextLexIssue++)
      b.issues.push({ line: lexIssues[nextLexIssue]!.line, message: lexIssues[nextLexIssue]!.message, recovery: "read to the end of the line", tags });
  };
  const blocks: CifBlockIndex[] = [];
  let block: CifBlockIndex | undefined;
  let serial = 0, uncached = 0;
  const tag: TagName = { name: "", id: -1 };
  let k = 0;
  while (k < count) {
    const kind = kinds[k]!;
    if (kind === K.Data) {
      const first = block ? block.end : 0;
      block = { name: t.text.slice(t.starts[k]!, t.ends[k]!), line: lines[k]!, tokens: t, loops: [], tags: table, first, end: first, issues: [] };
      blocks.push(block);
      // A fresh serial number; before they run out, the stamps are cleared so that no old one can match.
      if (blockSerial === 0x7fffffff) {
        seenInBlock.fill(0);
        blockSerial = 0;
      }
      serial = ++blockSerial;
      uncached = 0;
      k++;
      continue;
    }
    if (kind === K.Other) { k++; continue; }
    if (!block) throw new CifParseError(file, lines[k]!, `'${t.text.slice(t.starts[k]!, t.ends[k]!).slice(0, 40)}' before the first data_ block`);
    if (kind === K.Tag) {
      tagName(t, k, tag);
      if (k + 1 >= count || !isValueKind(kinds[k + 1]!))
        throw new CifParseError(file, lines[k]!, `tag ${tag.name} has no value${k + 1 >= count ? " (the file ends here: truncated?)" : ""}`);
      if (alreadyListed(block, tag, serial, uncached)) {
        if (!lexIssues) throw duplicateTag(file, lines[k]!, tag.name, block);
        // As pymatgen (a dict per block), the later value of a repeated item wins.
        const earlier = findTagName(block, tag.name);
        const looped = table.at[earlier]! < 0;
        if (!looped) table.at[earlier] = k + 1;
        block.issues.push({ line: lines[k]!, message: duplicateTag(file, lines[k]!, tag.name, block).reason, recovery: `${looped ? "the looped values" : "the later value"} used`, tags: [tag.name] });
      } else {
        if (tag.id < 0) uncached++;
        addTag(block, tag, k + 1, 0);
      }
      attachLexIssues(block, k + 2, [tag.name]);
      k += 2;
      continue;
    }
    if (kind === K.Loop) {
      const line = lines[k]!;
      k++;
      let nTags = 0;
      while (k + nTags < count && kinds[k + nTags] === K.Tag) nTags++;
      const tags = new Array<string>(nTags); // sized up front: no regrowth while it fills
      const loopIndex = block.loops.length;
      for (let c = 0; c < nTags; c++, k++) {
        tagName(t, k, tag);
        tags[c] = tag.name;
        if (alreadyListed(block, tag, serial, uncached)) {
          const inLoop = tags.indexOf(tag.name) < c;
          const error = inLoop ? new CifParseError(file, lines[k]!, `tag ${tag.name} appears twice in the loop_ of line ${line}`) : duplicateTag(file, lines[k]!, tag.name, block);
          if (!lexIssues) throw error;
          // The first listing keeps the name; this column is read by no one.
          block.issues.push({ line: lines[k]!, message: error.reason, recovery: "the first listing used", tags: [tag.name] });
          continue;
        }
        if (tag.id < 0) uncached++;
        addTag(block, tag, -1 - loopIndex, c);
      }
      if (tags.length === 0) throw new CifParseError(file, line, "loop_ without tags");
      const first = k;
      while (k < count && isValueKind(kinds[k]!)) k++;
      const nValues = k - first;
      if (nValues % tags.length !== 0) {
        const lastLine = nValues > 0 ? lines[k - 1]! : line;
        const message = `loop_ of line ${line} has ${nValues} values for ${tags.length} tags (not a whole number of rows${k >= count ? "; the file ends here: truncated?" : ""})`;
        if (!lexIssues) throw new CifParseError(file, lastLine, message);
        const extra = nValues % tags.length;
        block.issues.push({ line: lastLine, message, recovery: `the last ${extra} value${extra === 1 ? "" : "s"} ignored`, tags });
      }
      block.loops.push({ tags, first, rows: Math.floor(nValues / tags.length), line });
      attachLexIssues(block, k, tags);
      continue;
    }
    throw new CifParseError(file, lines[k]!, `value '${t.text.slice(t.starts[k]!, t.ends[k]!).slice(0, 40)}' without a tag`);
  }
  return blocks;
}

function duplicateTag(file: string, line: number, tag: string, block: CifBlockIndex): CifParseError {
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
