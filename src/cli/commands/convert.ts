import { writeFileSync } from "node:fs";
import { CliUsageError, parseArgs } from "../args.js";
import { formatFromPath, readStructureFile, structureFormat, structureFormatNames } from "../structure-formats.js";
import type { CliCommand } from "../types.js";

const FLAGS = { from: { type: "string" }, to: { type: "string" }, index: { type: "number" } } as const;

const convert: CliCommand = {
  name: "convert",
  summary: "convert a structure file between CIF, POSCAR, extxyz and pymatgen JSON",
  usage: [
    "usage: xtal convert IN OUT [--from FORMAT] [--to FORMAT] [--index N]",
    "",
    `  formats: ${structureFormatNames().join(", ")} (detected from the file names unless given)`,
    "  OUT may be - for standard output.",
    "  --index N   convert only the N-th structure (0-based) of a multi-structure input",
    "  A multi-structure input is written as several CIF blocks or extxyz frames; other formats need --index.",
  ].join("\n"),
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length !== 2) throw new CliUsageError(`convert: expected IN and OUT, got ${positionals.length} arguments`);
    const [input, output] = positionals as [string, string];
    const to = flags.to ? structureFormat(flags.to) : output === "-" ? undefined : formatFromPath(output);
    if (!to) throw new CliUsageError("convert: writing to standard output needs --to FORMAT");
    let structures = readStructureFile(input, flags.from);
    if (flags.index !== undefined) {
      const s = structures[flags.index];
      if (!Number.isInteger(flags.index) || !s) throw new CliUsageError(`convert: --index ${flags.index} is outside 0…${structures.length - 1}`);
      structures = [s];
    }
    if (structures.length === 0) throw new CliUsageError(`convert: ${input} holds no structure`);
    if (structures.length > 1 && to.name !== "cif" && to.name !== "extxyz")
      throw new CliUsageError(`convert: ${input} holds ${structures.length} structures; ${to.name} holds one (pass --index N)`);
    const text = structures.map((s) => to.write(s)).join(to.name === "cif" ? "\n" : "");
    if (output === "-") io.stdout(text);
    else writeFileSync(output, text);
    return 0;
  },
};

export default convert;
