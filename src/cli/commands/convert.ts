import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { writeCif } from "../../crystal/io/cif-write.js";
import { writeExtxyz } from "../../crystal/io/extxyz.js";
import { resolveStructureFormat, writeStructureText } from "../../crystal/io/formats.js";
import { CliUsageError, parseArgs } from "../args.js";
import { readStructuresReporting } from "../read-structures.js";
import type { CliCommand } from "../types.js";

const FLAGS = { from: { type: "string" }, to: { type: "string" }, index: { type: "number" } } as const;

const convert: CliCommand = {
  name: "convert",
  summary: "convert a structure file between CIF, POSCAR, extxyz and pymatgen JSON",
  usage: [
    "usage: xtal convert IN OUT [--from FORMAT] [--to FORMAT] [--index N]",
    "",
    "  formats: cif, poscar (vasp), extxyz (xyz), json (pymatgen Structure dict); detected from the file names",
    "  unless given; a .gz name is read/written gzipped. OUT may be - (standard output, needs --to).",
    "  --index N   convert only the N-th structure (0-based) of a multi-structure input",
    "  A multi-structure input becomes several CIF data blocks or extxyz frames; POSCAR and JSON need --index.",
    "  The reader's warnings go to stderr, one line each, prefixed with the file name.",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length !== 2) throw new CliUsageError(`convert: expected IN and OUT, got ${positionals.length} arguments`);
    const [input, output] = positionals as [string, string];
    if (output === "-" && !flags.to) throw new CliUsageError("convert: writing to standard output needs --to FORMAT");
    const to = resolveStructureFormat(flags.to, output);
    let structures = readStructuresReporting(input, flags.from, io).map((e) => e.structure);
    if (flags.index !== undefined) {
      const s = Number.isInteger(flags.index) ? structures[flags.index] : undefined;
      if (!s) throw new CliUsageError(`convert: --index ${flags.index} is outside 0…${structures.length - 1}`);
      structures = [s];
    }
    if (structures.length === 0) throw new CliUsageError(`convert: ${input} holds no structure`);
    let text: string;
    if (to === "cif") text = structures.map((s) => writeCif(s)).join("\n");
    else if (to === "extxyz") text = writeExtxyz(structures);
    else if (structures.length > 1) throw new CliUsageError(`convert: ${input} holds ${structures.length} structures; ${to} holds one (pass --index N)`);
    else text = writeStructureText(structures[0]!, to);
    if (output === "-") io.stdout(text);
    else writeFileSync(output, /\.gz$/i.test(output) ? gzipSync(text) : text);
    return 0;
  },
};

export default convert;
