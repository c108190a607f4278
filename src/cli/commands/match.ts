// `xtal match`: pymatgen-equivalent StructureMatcher on two structure files, or on a JSONL file of CIF pairs.
import { readFileSync } from "node:fs";
import { CrystalError } from "../../crystal/errors.js";
import { readCif } from "../../crystal/io/cif-read.js";
import { readStructureFile } from "../../crystal/io/files.js";
import type { Structure } from "../../crystal/structure.js";
import { matchPairs } from "../../metrics/structure-matcher/batch.js";
import { getRmsDist } from "../../metrics/structure-matcher/matcher.js";
import { CSP_MATCHER, type MatcherOptions, type ResolvedMatcherOptions, resolveMatcherOptions } from "../../metrics/structure-matcher/options.js";
import { checkMatchableStructure } from "../../metrics/structure-matcher/prepare.js";
import { CliUsageError, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../types.js";

const FLAGS = {
  json: { type: "boolean" },
  pairs: { type: "string" },
  ltol: { type: "number" },
  stol: { type: "number" },
  "angle-tol": { type: "number" },
  csp: { type: "boolean" },
  "attempt-supercell": { type: "boolean" },
  "allow-subset": { type: "boolean" },
  "no-primitive": { type: "boolean" },
  "no-scale": { type: "boolean" },
  format: { type: "string" },
  workers: { type: "number" },
  serial: { type: "boolean" },
} as const;

type Flags = ReturnType<typeof parseArgs<typeof FLAGS>>["flags"];

/** Matcher options from the flags: pymatgen defaults, or the CSP preset with --csp, then explicit tolerances. */
function matcherOptions(flags: Flags): ResolvedMatcherOptions {
  const o: MatcherOptions = flags.csp ? { ...CSP_MATCHER } : {};
  if (flags.ltol !== undefined) o.ltol = flags.ltol;
  if (flags.stol !== undefined) o.stol = flags.stol;
  if (flags["angle-tol"] !== undefined) o.angleTol = flags["angle-tol"];
  if (flags["attempt-supercell"]) o.attemptSupercell = true;
  if (flags["allow-subset"]) o.allowSubset = true;
  if (flags["no-primitive"]) o.primitiveCell = false;
  if (flags["no-scale"]) o.scale = false;
  try {
    return resolveMatcherOptions(o);
  } catch (e) {
    throw new CliUsageError(`match: ${(e as Error).message}`);
  }
}

/** A JSONL line {"a": CIF, "b": CIF} as two validated structures; throws CrystalError naming the line. */
function parsePairLine(text: string, file: string, line: number): { a: Structure; b: Structure } {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new CrystalError(`${file}:${line}: not JSON (${(e as Error).message})`);
  }
  const rec = obj as { a?: unknown; b?: unknown };
  if (typeof obj !== "object" || obj === null || typeof rec.a !== "string" || typeof rec.b !== "string")
    throw new CrystalError(`${file}:${line}: expected {"a": CIF text, "b": CIF text}`);
  const side = (cif: string, name: string) => {
    try {
      const s = readCif(cif, { file: `${file}:${line} (${name})` });
      checkMatchableStructure(s);
      return s;
    } catch (e) {
      throw new CrystalError(`${file}:${line}: structure ${name}: ${(e as Error).message}`);
    }
  };
  return { a: side(rec.a, "a"), b: side(rec.b, "b") };
}

async function runPairs(path: string, flags: Flags, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CliUsageError(`match: cannot read ${path}: ${(e as Error).message}`);
  }
  const options = matcherOptions(flags);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const pairs: { a: Structure; b: Structure }[] = [];
  const slot: (number | string)[] = []; // per input line: index into pairs, or the error message
  for (let k = 0; k < lines.length; k++) {
    try {
      slot.push(pairs.push(parsePairLine(lines[k]!, path, k + 1)) - 1);
    } catch (e) {
      if (!(e instanceof CrystalError)) throw e;
      slot.push(e.message);
      io.stderr(`error: ${e.message}\n`);
    }
  }
  const total = pairs.length;
  let lastShown = -1;
  const progress = (done: number, all: number) => {
    const pct = Math.floor((100 * done) / all);
    if (pct !== lastShown && (pct % 5 === 0 || done === all)) {
      lastShown = pct;
      io.stderr(`matched ${done}/${all} pairs (${pct} %)\n`);
    }
  };
  const results = await matchPairs(pairs, options, {
    onInvalid: "null",
    ...(flags.serial ? { parallel: false } : {}),
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    ...(total >= 200 ? { onProgress: progress } : {}),
  });
  let bad = 0;
  for (const s of slot) {
    if (typeof s === "string") {
      bad++;
      io.stdout(`${JSON.stringify({ match: false, rms: null, error: s })}\n`);
    } else {
      const r = results[s]!;
      io.stdout(`${JSON.stringify({ match: r !== null, rms: r ? r.rms : null })}\n`);
    }
  }
  if (bad > 0) io.stderr(`${bad} of ${lines.length} lines were malformed\n`);
  return bad > 0 ? 2 : 0;
}

const match: CliCommand = {
  name: "match",
  summary: "pymatgen StructureMatcher: do two structures match, and their normalised rms displacement",
  usage: [
    "usage: xtal match A B [--json] [--csp] [--ltol 0.2] [--stol 0.3] [--angle-tol 5] [--attempt-supercell]",
    "                      [--allow-subset] [--no-primitive] [--no-scale] [--format cif|poscar|extxyz|json]",
    "       xtal match --pairs FILE.jsonl [same tolerance flags] [--workers N] [--serial]",
    "",
    "  A, B           structure files (format from the extension, or --format)",
    "  --csp          CDVAE/DiffCSP/FlowMM match-rate settings (ltol 0.3, stol 0.5, angle-tol 10)",
    "  --ltol         fractional lattice-length tolerance (default 0.2)",
    "  --stol         site tolerance, fraction of (V/N)^(1/3) (default 0.3)",
    "  --angle-tol    lattice angle tolerance in degrees (default 5)",
    "  --pairs        JSON lines {\"a\": CIF text, \"b\": CIF text}; prints one line {\"match\", \"rms\"} per input line in",
    "                 order; a malformed line prints {\"match\": false, \"rms\": null, \"error\"} and the exit code is 2",
    "  rms and max distances are dimensionless (divided by (V/N)^(1/3) of the averaged lattice), as in pymatgen.",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (flags.pairs !== undefined) {
      if (positionals.length > 0) throw new CliUsageError("match: give either --pairs FILE or two structure files, not both");
      return runPairs(flags.pairs, flags, io);
    }
    if (positionals.length !== 2) throw new CliUsageError(`match: expected two structure files A B, got ${positionals.length}`);
    const options = matcherOptions(flags);
    const read = (p: string) => readStructureFile(p, flags.format ? { format: flags.format } : {});
    const [a, b] = [read(positionals[0]!), read(positionals[1]!)];
    const r = getRmsDist(a, b, options);
    if (flags.json) io.stdout(`${JSON.stringify({ match: r !== null, rms: r ? r.rms : null, maxDist: r ? r.maxDist : null, options })}\n`);
    else if (r) io.stdout(`match: yes   rms ${r.rms.toFixed(6)}   max ${r.maxDist.toFixed(6)}   (normalised by (V/N)^(1/3))\n`);
    else io.stdout(`match: no   (ltol ${options.ltol}, stol ${options.stol}, angle-tol ${options.angleTol}°)\n`);
    return 0;
  },
};

export default match;
