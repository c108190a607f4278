// The shipped matgl weights are byte-identical to the provenance's (shared/models/README.md lists their sha256).
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHIPPED_POTENTIALS_DIR } from "../../../src/models/m3gnet/model.js";
import { SHARED_DIR } from "../../shared-paths.js";

const listed = [...readFileSync(join(SHARED_DIR, "models", "README.md"), "utf8").matchAll(/`([\w.\-/]+\/model\.(?:json|safetensors))` ([0-9a-f]{64})/g)];

describe("shipped M3GNet weights", () => {
  it("the provenance lists four files", () => expect(listed.map((m) => m[1]).sort()).toHaveLength(4));
  it.each(listed.map((m) => [m[1]!, m[2]!]))("%s has the listed sha256", (file, sha) => {
    expect(createHash("sha256").update(readFileSync(join(SHIPPED_POTENTIALS_DIR, file))).digest("hex")).toBe(sha);
  });
  it("matgl's licence travels with them", () => {
    expect(readFileSync(join(SHIPPED_POTENTIALS_DIR, "LICENSE-matgl"), "utf8")).toBe(readFileSync(join(SHARED_DIR, "models", "LICENSE-matgl"), "utf8"));
  });
});
