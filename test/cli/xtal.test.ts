import { describe, expect, it } from "vitest";
import { commandNames, run } from "../../src/cli/xtal.js";
import { captureIO } from "./capture-io.js";

// Kept for test files that still import it from here; import from ./capture-io.js instead (importing a test file
// registers its tests again in the importer).
export { captureIO };

describe("xtal dispatcher", () => {
  it("--help lists every command file with its summary", async () => {
    const io = captureIO();
    expect(await run(["--help"], io)).toBe(0);
    expect(commandNames()).toContain("info");
    expect(commandNames()).toContain("convert");
    for (const name of commandNames()) expect(io.out).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
    expect(io.out).toMatch(/info +formula, lattice/);
  });

  it("an unknown command prints a message and exits 2", async () => {
    const io = captureIO();
    expect(await run(["frobnicate"], io)).toBe(2);
    expect(io.err).toMatch(/^xtal: unknown command "frobnicate"/);
    expect(await run(["../xtal"], captureIO())).toBe(2);
  });

  it("COMMAND --help prints the command's usage", async () => {
    const io = captureIO();
    expect(await run(["info", "--help"], io)).toBe(0);
    expect(io.out).toContain("usage: xtal info FILE");
  });

  it("typed input errors become one `xtal: …` line and exit code 2", async () => {
    const io = captureIO();
    expect(await run(["info", "--bogus", "x.cif"], io)).toBe(2);
    expect(io.err).toBe("xtal: unknown flag --bogus (known: --json, --format, --symprec, --csv, --strict, --limit, --cif-column)\n");
    const io2 = captureIO();
    expect(await run(["info", "/nonexistent/file.cif"], io2)).toBe(2);
    expect(io2.err).toMatch(/^xtal: ENOENT/);
  });
});
