// CIF text as a token sequence in the spirit of CrystaLLM (Antunes et al. 2024): CIF tags, element symbols and
// space-group symbols are single tokens, numbers are spelled digit by digit ('.' and '-' are tokens of their own),
// and whitespace is kept as tokens, so detokenizing is plain concatenation and recovers the text exactly.
// Named tokenizeCif / detokenizeCif because src/crystal/io already exports the CIF *lexer* `cifTokenize`.
import { ELEMENTS, MAX_Z } from "../crystal/elements.js";
import { StructureError } from "../crystal/errors.js";
import { spaceGroupInfo } from "../crystal/symmetry/index.js";

/** Tags whose value is a Hermann–Mauguin symbol (lower case). */
const SPACE_GROUP_TAGS = new Set(["_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt", "_space_group_name_h-m"]);

/** CIF tags in the vocabulary: those pymatgen's CifWriter and ours emit, plus common core-dictionary tags. */
const CIF_TAGS = [
  "_symmetry_space_group_name_H-M", "_symmetry_Int_Tables_number", "_space_group_name_H-M_alt", "_space_group_IT_number",
  "_space_group_crystal_system", "_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta",
  "_cell_angle_gamma", "_cell_volume", "_cell_formula_units_Z", "_chemical_formula_structural", "_chemical_formula_sum",
  "_chemical_name_systematic", "_symmetry_equiv_pos_site_id", "_symmetry_equiv_pos_as_xyz", "_space_group_symop_id",
  "_space_group_symop_operation_xyz", "_atom_type_symbol", "_atom_type_oxidation_number", "_atom_site_type_symbol",
  "_atom_site_label", "_atom_site_symmetry_multiplicity", "_atom_site_Wyckoff_symbol", "_atom_site_fract_x", "_atom_site_fract_y",
  "_atom_site_fract_z", "_atom_site_occupancy", "_atom_site_U_iso_or_equiv", "_atom_site_B_iso_or_equiv", "_atom_site_attached_hydrogens",
];

/** Longest run of spaces kept as one token; longer runs become several tokens. */
const MAX_SPACE_RUN = 8;

/** Special tokens at ids 0–3. */
export const CIF_SPECIAL_TOKENS = ["<pad>", "<unk>", "<bos>", "<eos>"] as const;

/** A token vocabulary: token strings by id, and ids by token. */
export interface CifTokenVocabulary {
  readonly tokens: readonly string[];
  readonly ids: ReadonlyMap<string, number>;
}

let spaceGroupSymbols: ReadonlySet<string> | undefined;
let vocabulary: CifTokenVocabulary | undefined;

/** The 230 space groups' short and full Hermann–Mauguin symbols, spaced ("F m -3 m") and compact ("Fm-3m"). */
function hermannMauguinSymbols(): ReadonlySet<string> {
  if (!spaceGroupSymbols) {
    const set = new Set<string>();
    for (let n = 1; n <= 230; n++) {
      const g = spaceGroupInfo(n);
      for (const s of [g.hmShort, g.hmFull]) set.add(s).add(s.replace(/\s+/g, ""));
    }
    spaceGroupSymbols = set;
  }
  return spaceGroupSymbols;
}

/**
 * The fixed vocabulary: special tokens, newline / tab / carriage return, space runs of 1–8, printable ASCII
 * characters, "data_" and "loop_", the 118 element symbols, common CIF tags, and all Hermann–Mauguin symbols.
 */
export function cifTokenVocabulary(): CifTokenVocabulary {
  if (!vocabulary) {
    const tokens: string[] = [...CIF_SPECIAL_TOKENS, "\n", "\t", "\r"];
    for (let k = 1; k <= MAX_SPACE_RUN; k++) tokens.push(" ".repeat(k));
    for (let c = 33; c <= 126; c++) tokens.push(String.fromCharCode(c));
    tokens.push("data_", "loop_");
    for (let z = 1; z <= MAX_Z; z++) tokens.push(ELEMENTS[z]!.symbol);
    tokens.push(...CIF_TAGS, ...[...hermannMauguinSymbols()].sort());
    const unique = [...new Set(tokens)];
    vocabulary = Object.freeze({ tokens: Object.freeze(unique), ids: new Map(unique.map((t, i) => [t, i])) });
  }
  return vocabulary;
}

const ELEMENT_SYMBOLS = new Set(Array.from({ length: MAX_Z }, (_, k) => ELEMENTS[k + 1]!.symbol));

/** Element symbols spelling a run of letters exactly ("TiOsNOF" → Ti Os N O F), or null. */
function elementSplit(word: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < word.length) {
    // A lower-case letter can only end a two-letter symbol, so the longest match is the only candidate.
    const two = word.slice(i, i + 2);
    const symbol = two.length === 2 && ELEMENT_SYMBOLS.has(two) ? two : ELEMENT_SYMBOLS.has(word[i]!) ? word[i]! : null;
    if (!symbol) return null;
    out.push(symbol);
    i += symbol.length;
  }
  return out;
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
const isLetter = (c: string) => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");

/**
 * Splits CIF text into tokens whose concatenation is the text. Tags (`_…` up to whitespace) are one token; the value
 * of a space-group-name tag is one token when it is a known Hermann–Mauguin symbol (quotes stay separate tokens);
 * `data_` and `loop_` are tokens; letter runs that spell element symbols split into them, other letters and every
 * digit, '.', '-', quote and other character are single tokens; spaces come in runs of up to 8, newlines alone.
 */
export function tokenizeCif(text: string): string[] {
  const tokens: string[] = [];
  const symbols = hermannMauguinSymbols();
  let i = 0;
  let expectSpaceGroup = false;
  while (i < text.length) {
    const c = text[i]!;
    const atStart = i === 0 || isSpace(text[i - 1]);
    if (c === " ") {
      let j = i;
      while (j < text.length && text[j] === " " && j - i < MAX_SPACE_RUN) j++;
      tokens.push(text.slice(i, j));
      i = j;
      continue;
    }
    if (expectSpaceGroup && c !== "\n") {
      expectSpaceGroup = false;
      const quote = c === "'" || c === '"' ? c : "";
      const start = i + quote.length;
      const end = quote ? text.indexOf(quote, start) : text.slice(start).search(/\s|$/) + start;
      if (end > start && text.slice(start, end).indexOf("\n") < 0 && symbols.has(text.slice(start, end))) {
        if (quote) tokens.push(quote);
        tokens.push(text.slice(start, end));
        if (quote) tokens.push(quote);
        i = end + quote.length;
        continue;
      }
    }
    if (c === "_" && atStart) {
      const end = text.slice(i).search(/\s|$/) + i;
      const tag = text.slice(i, end);
      tokens.push(tag);
      expectSpaceGroup = SPACE_GROUP_TAGS.has(tag.toLowerCase());
      i = end;
      continue;
    }
    if (atStart && (text.startsWith("data_", i) || text.startsWith("loop_", i))) {
      tokens.push(text.slice(i, i + 5));
      i += 5;
      continue;
    }
    if (isLetter(c)) {
      let j = i;
      while (j < text.length && isLetter(text[j]!)) j++;
      const word = text.slice(i, j);
      tokens.push(...(elementSplit(word) ?? word.split("")));
      i = j;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    tokens.push(ch);
    i += ch.length;
  }
  return tokens;
}

/** The text of a token sequence (exact inverse of tokenizeCif): the tokens concatenated. */
export function detokenizeCif(tokens: readonly string[]): string {
  return tokens.join("");
}

/**
 * Token ids in cifTokenVocabulary(). A token outside the vocabulary (an unusual tag, a non-ASCII character) becomes
 * `<unk>`, which loses it; with `strict: true` it throws a StructureError naming the token and its position instead.
 */
export function encodeCifTokens(tokens: readonly string[], options: { strict?: boolean } = {}): Int32Array {
  const { ids } = cifTokenVocabulary();
  const unk = ids.get("<unk>")!;
  return Int32Array.from(tokens, (t, k) => {
    const id = ids.get(t);
    if (id === undefined && options.strict) throw new StructureError(`CIF token ${k} ${JSON.stringify(t)} is not in the vocabulary`);
    return id ?? unk;
  });
}

/** Tokens of ids (inverse of encodeCifTokens for in-vocabulary tokens); `<pad>`, `<bos>`, `<eos>` dropped unless keepSpecial. */
export function decodeCifTokens(ids: ArrayLike<number>, options: { keepSpecial?: boolean } = {}): string[] {
  const { tokens } = cifTokenVocabulary();
  const out: string[] = [];
  for (let k = 0; k < ids.length; k++) {
    const t = tokens[ids[k]!];
    if (t === undefined) throw new StructureError(`CIF token id ${ids[k]} at position ${k} is outside the vocabulary (0–${tokens.length - 1})`);
    if (options.keepSpecial || !(t === "<pad>" || t === "<bos>" || t === "<eos>")) out.push(t);
  }
  return out;
}

/** What a CIF token is, for colouring and analysis. */
export type CifTokenType = "special" | "whitespace" | "keyword" | "tag" | "space-group" | "element" | "digit" | "punctuation" | "letter";

/**
 * The type of a token of tokenizeCif: special (`<bos>` …), whitespace, keyword (`data_`, `loop_`), tag (`_cell_length_a`),
 * space-group symbol, element symbol, digit, punctuation ('.', '-', quotes, brackets …) or another letter.
 */
export function cifTokenType(token: string): CifTokenType {
  if ((CIF_SPECIAL_TOKENS as readonly string[]).includes(token)) return "special";
  if (/^\s+$/.test(token)) return "whitespace";
  if (token === "data_" || token === "loop_") return "keyword";
  if (token.startsWith("_") && token.length > 1) return "tag";
  if (ELEMENT_SYMBOLS.has(token)) return "element";
  if (hermannMauguinSymbols().has(token)) return "space-group";
  if (/^[0-9]$/.test(token)) return "digit";
  return isLetter(token) && token.length === 1 ? "letter" : "punctuation";
}
