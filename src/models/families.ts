// The built-in families: one registration line each.
import { CDVAE_FAMILY } from "./cdvae/family.js";
import { DATA_DRAW_FAMILY } from "./baselines/data-draw.js";
import { RANDOM_COORDINATES_FAMILY } from "./baselines/random-coordinates.js";
import { CGCNN_FAMILY } from "./cgcnn/family.js";
import { CIF_TRANSFORMER_FAMILY } from "./cif-transformer/family.js";
import { COMPOSITION_RIDGE_FAMILY } from "./composition-ridge/family.js";
import { DIFFCSP_FAMILY } from "./diffcsp/family.js";
import { FLOWMM_FAMILY } from "./flowmm/family.js";
import { GAN_FAMILY } from "./gan/family.js";
import { GFLOWNET_FAMILY } from "./gflownet/family.js";
import { RANDOM_SYMMETRIC_FAMILY } from "./random-symmetric/family.js";
import { SUBSTITUTION_FAMILY } from "./substitution/family.js";
import { WYCKOFF_TRANSFORMER_FAMILY } from "./wyckoff-transformer/family.js";
import type { ModelFamily } from "./registry.js";

/** The families registered when the registry is first used. */
export const BUILTIN_FAMILIES: readonly ModelFamily[] = [
  DIFFCSP_FAMILY,
  FLOWMM_FAMILY,
  GAN_FAMILY,
  RANDOM_COORDINATES_FAMILY,
  DATA_DRAW_FAMILY,
  RANDOM_SYMMETRIC_FAMILY,
  SUBSTITUTION_FAMILY,
  CGCNN_FAMILY,
  COMPOSITION_RIDGE_FAMILY,
  GFLOWNET_FAMILY,
  CDVAE_FAMILY,
  CIF_TRANSFORMER_FAMILY,
  WYCKOFF_TRANSFORMER_FAMILY,
];
