// A pretrained matgl M3GNet loaded from a folder holding matgl's model.json and the safetensors weights.
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Structure } from "../../crystal/structure.js";
import { structureRefusal } from "../../stability/relax/structure-refusal.js";
import { ModelConfigError } from "../errors.js";
import { type M3gnetConfig, readM3gnetConfig } from "./config.js";
import { type M3gnetParams, disposeM3gnetParams, m3gnetParams } from "./params.js";
import { readSafetensors } from "./safetensors.js";

/** The folder of the shipped matgl models (data/potentials/ in the package). */
export const SHIPPED_POTENTIALS_DIR = fileURLToPath(new URL("../../../data/potentials/", import.meta.url));

/** Atoms closer than this (Å) are refused as overlapping: no MP-trained potential has seen such a pair. */
export const MIN_INTERATOMIC_DISTANCE = 0.5;

/** Weights, architecture and element table of one pretrained M3GNet. */
export class M3gnetModel {
  private readonly rowOfZ = new Map<number, number>();
  private readonly known: ReadonlySet<number>;
  /** Per-element reference energy (eV) by embedding row, added per atom to a potential's total energy (zeros otherwise). */
  readonly elementReferences: Float64Array;

  /**
   * @param folder the folder the model was loaded from (another thread loads the same model from it).
   */
  private constructor(readonly name: string, readonly folder: string, readonly config: M3gnetConfig, readonly params: M3gnetParams, references: ArrayLike<number> | null) {
    config.elements.forEach((z, row) => this.rowOfZ.set(z, row));
    this.known = new Set(config.elements);
    this.elementReferences = Float64Array.from(references ?? new Float64Array(config.elements.length));
  }

  /**
   * Loads `dir`/model.json and `dir`/model.safetensors (matgl's files, unchanged).
   * @throws ModelConfigError when the folder lacks them or holds a model this port does not implement.
   */
  static load(dir: string): M3gnetModel {
    const jsonPath = join(dir, "model.json");
    const weightsPath = join(dir, "model.safetensors");
    for (const p of [jsonPath, weightsPath]) if (!existsSync(p)) throw new ModelConfigError(`${p} not found: an M3GNet folder holds matgl's model.json and model.safetensors`);
    const config = readM3gnetConfig(jsonPath);
    const state = readSafetensors(weightsPath);
    const refs = state.get("element_refs.property_offset")?.data ?? null;
    if (config.kind === "potential" && !refs) throw new ModelConfigError(`${weightsPath}: a potential needs element_refs.property_offset`);
    const folder = resolve(dir);
    return new M3gnetModel(basename(folder), folder, config, m3gnetParams(state), refs);
  }

  /** Embedding row of an atomic number, or −1 when the model never saw the element. */
  typeIndex(z: number): number {
    return this.rowOfZ.get(z) ?? -1;
  }

  /** Why the model cannot evaluate this crystal (non-finite numbers, an unknown element, overlapping atoms …), or null. */
  refusal(s: Structure): string | null {
    return structureRefusal(s, this.known, MIN_INTERATOMIC_DISTANCE);
  }

  /** Frees the weights. */
  dispose(): void {
    disposeM3gnetParams(this.params);
  }
}
