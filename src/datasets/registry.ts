import { fileURLToPath } from "node:url";
import type { CovCutoffs } from "../metrics/coverage.js";
import { DERIVED_SPLITS } from "./derived-splits.js";
import { NoCovCutoffsError, UnknownDatasetError, UnknownSplitError } from "./errors.js";

/** How a column's text is typed when loaded. */
export type ColumnKind = "number" | "integer" | "boolean" | "string";

/** One property column of a dataset file, with its meaning and unit. */
export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Unit (eV, eV/atom, g/cm³ …); absent for dimensionless or text columns. */
  readonly unit?: string;
  readonly description: string;
}

/** Published identity of one stored file (sha256 of its bytes, git blob id upstream, size in bytes). */
export interface FileChecksum {
  readonly sha256?: string;
  readonly gitBlob?: string;
  readonly bytes?: number;
  /** Which published copy this is, e.g. "txie-93/cdvae@f857f598" or "facebookresearch/flowmm Git LFS". */
  readonly copy: string;
}

/** One split of a dataset: where to download it and how to recognise a correct copy. */
export interface SplitSpec {
  /** Number of data rows (structures), when known. */
  readonly rows?: number;
  /** False when `rows` is derived (for example total minus the other splits) and was never checked against the file. */
  readonly rowsVerified: boolean;
  /** Canonical public download URL (pinned to a commit), when one exists. */
  readonly url?: string;
  /**
   * Known published copies by file name (`test.csv`, `test.csv.gz`); the first is what `url` serves, the others are
   * accepted variants (e.g. the DiffCSP layout with extra columns).
   */
  readonly files: Readonly<Record<string, readonly FileChecksum[]>>;
}

/** A dataset of crystal structures in a CSV with one CIF per row. */
export interface DatasetSpec {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly splits: Readonly<Record<string, SplitSpec>>;
  /** Column holding the CIF text. */
  readonly cifColumn: string;
  /** Column holding the structure identifier. */
  readonly idColumn: string;
  /** Property columns (everything except the index, id and CIF columns), in file order. */
  readonly columns: readonly ColumnSpec[];
  /** The property models condition on / predict by default. */
  readonly defaultTarget?: string;
  readonly source: {
    readonly repository: string;
    readonly commit?: string;
    readonly citation: string;
    readonly licence: string;
  };
  /** Published COV cutoffs of the dataset (CDVAE `COV_Cutoffs`); absent when no paper defines them. */
  readonly covCutoffs?: CovCutoffs;
  /** Directory shipped inside this package that holds the split files (bundled datasets only). */
  readonly bundledDir?: string;
}

const CDVAE_COMMIT = "f857f598d6f6cca5dc1ea0582d228f12dcc2c2ea";
const DIFFCSP_COMMIT = "7121d159826efa2ba9500bf299250d96da37f146";
const WYCKOFF_COMMIT = "507e8f147a0e87905c2574ebfbbfc9fa21c2fb09";
const CDVAE = `txie-93/cdvae@${CDVAE_COMMIT.slice(0, 8)}`;
const DIFFCSP = `jiaor17/DiffCSP@${DIFFCSP_COMMIT.slice(0, 8)}`;
const WYCKOFF = `SymmetryAdvantage/WyckoffTransformer@${WYCKOFF_COMMIT.slice(0, 8)}`;
const FLOWMM = "facebookresearch/flowmm Git LFS (DiffCSP layout)";
const raw = (repo: string, commit: string, path: string) => `https://raw.githubusercontent.com/${repo}/${commit}/${path}`;
const cdvaeUrl = (name: string, split: string) => raw("txie-93/cdvae", CDVAE_COMMIT, `data/${name}/${split}.csv`);

// Row counts, checksums and column meanings are transcribed from /work/shared/data/README.md
// (sources: txie-93/cdvae@f857f598, jiaor17/DiffCSP@7121d159, SymmetryAdvantage/WyckoffTransformer@507e8f14).
const CDVAE_CITATION = "Xie, Fu, Ganea, Barzilay, Jaakkola, Crystal Diffusion Variational Autoencoder for Periodic Material Generation, ICLR 2022 (arXiv:2110.06197)";

// CDVAE scripts/eval_utils.py `COV_Cutoffs` (mp20, carbon, perovskite; FlowMM's mp20_llama uses the mp20 values).
const COV_CDVAE_MP20: CovCutoffs = { struct: 0.4, comp: 10 };
const COV_CDVAE_SMALL: CovCutoffs = { struct: 0.2, comp: 4 };

const MP20_COLUMNS: readonly ColumnSpec[] = [
  { name: "formation_energy_per_atom", kind: "number", unit: "eV/atom", description: "DFT formation energy per atom (Materials Project); CDVAE's property target" },
  { name: "band_gap", kind: "number", unit: "eV", description: "band gap (Materials Project GGA/GGA+U)" },
  { name: "pretty_formula", kind: "string", description: "reduced formula as written by Materials Project" },
  { name: "e_above_hull", kind: "number", unit: "eV/atom", description: "energy above the convex hull (all < 0.08 in MP-20)" },
  { name: "elements", kind: "string", description: "Python-list repr of the element symbols, e.g. \"['Ga', 'Te']\" (not JSON, unsorted)" },
  { name: "spacegroup.number", kind: "integer", description: "international space-group number 1–230 of the real symmetry (the CIF itself is written in P1)" },
];

const DATASETS: readonly DatasetSpec[] = [
  {
    name: "perov_5",
    title: "Perov-5",
    description: "18,928 cubic ABX3 perovskites, exactly 5 atoms per cell, 56 elements (CMR cubic perovskite database)",
    splits: {
      train: { rows: 11356, rowsVerified: false, url: cdvaeUrl("perov_5", "train"), files: { "train.csv": [{ gitBlob: "0769074b5d51d293b765c4371b8f55c468c9c9f2", copy: CDVAE }, { gitBlob: "62ce91686595d45d484d026bbfd14c2518b66abd", copy: DIFFCSP }, { sha256: "6144a97ead4828a781a1c269c56fedc34b65945977c6433a055a720c47bf77f6", bytes: 21695296, copy: FLOWMM }] } },
      val: { rows: 3787, rowsVerified: true, url: cdvaeUrl("perov_5", "val"), files: { "val.csv": [{ sha256: "326f401219901270374b71e2faff63df3a29a99fd26f469993b9f476b693daf2", gitBlob: "4a2c8dde98347dd0e01fa83dcf3982c2abe98f9f", bytes: 3673814, copy: CDVAE }] } },
      test: { rows: 3785, rowsVerified: true, url: cdvaeUrl("perov_5", "test"), files: { "test.csv": [{ sha256: "a85878c685037f0a578257f6d4fcdde00e968dbab73c5f1e90ecef65218513f6", gitBlob: "d3c5d5af4b27a2a139149f2bb73c8a3dba9d8ac1", bytes: 3671842, copy: CDVAE }] } },
    },
    cifColumn: "cif",
    idColumn: "material_id",
    columns: [
      { name: "formula", kind: "string", description: "formula as written by CMR (element order as in the database, e.g. TiOsOFN); loaded as column `formula_file`" },
      { name: "heat_all", kind: "number", unit: "eV/atom (unverified)", description: "heat of formation from CMR, rounded to 0.01; CDVAE does not state the unit, Castelli et al. quote eV/atom" },
      { name: "heat_ref", kind: "number", unit: "eV/atom (unverified)", description: "heat of formation from CMR (CDVAE's property target); unit as heat_all" },
      { name: "dir_gap", kind: "number", unit: "eV", description: "direct band gap (GLLB-SC)" },
      { name: "ind_gap", kind: "number", unit: "eV", description: "indirect band gap (GLLB-SC)" },
    ],
    defaultTarget: "heat_ref",
    covCutoffs: COV_CDVAE_SMALL,
    source: {
      repository: "txie-93/cdvae",
      commit: CDVAE_COMMIT,
      citation: `Castelli et al., Energy Environ. Sci. 5, 9034 (2012) and 5, 5814 (2012), via CMR; ${CDVAE_CITATION}`,
      licence: "MIT (CDVAE repository); no separate licence verified for the CMR data",
    },
  },
  {
    name: "carbon_24",
    title: "Carbon-24",
    description: "10,153 carbon allotropes from AIRSS at 10 GPa (lowest-energy 10%), 6–24 atoms per cell",
    splits: {
      train: { rows: 6091, rowsVerified: false, url: cdvaeUrl("carbon_24", "train"), files: { "train.csv": [{ gitBlob: "5e7ae970fbad8ddc46b6963e8cd6e425f11783a6", copy: CDVAE }, { gitBlob: "0c6428f80e99040cbade289a3168590b226e6c76", copy: DIFFCSP }, { sha256: "79b4465695d82b23abb56e9b855ac4841eb991ff3e0952a44b0ca3857e1a304a", bytes: 15214751, copy: FLOWMM }] } },
      val: { rows: 2032, rowsVerified: true, url: cdvaeUrl("carbon_24", "val"), files: { "val.csv": [{ sha256: "36c00689cd63073c954a58bc6ed6e2adb7aeed5a630c994970959a1babffd50e", gitBlob: "b3e29b927883642426ca1d9632d00359b412742b", bytes: 2321923, copy: CDVAE }] } },
      test: { rows: 2030, rowsVerified: true, url: cdvaeUrl("carbon_24", "test"), files: { "test.csv": [{ sha256: "386b17c08816f434818d51e46687bf72ff3f92348f3ba24823e4758f1fe8a969", gitBlob: "9beca843fde489de1fe288b32f9e3ff710d42803", bytes: 2319350, copy: CDVAE }] } },
    },
    cifColumn: "cif",
    idColumn: "material_id",
    columns: [
      { name: "energy_per_atom", kind: "number", unit: "eV/atom", description: "absolute DFT energy (enthalpy) per atom from the AIRSS run at 10 GPa (about −154.56 to −154.07); not a formation energy; CDVAE's property target" },
    ],
    defaultTarget: "energy_per_atom",
    covCutoffs: COV_CDVAE_SMALL,
    source: {
      repository: "txie-93/cdvae",
      commit: CDVAE_COMMIT,
      citation: `C. J. Pickard, AIRSS data for carbon at 10GPa and the C+N+H+O system at 1GPa, Materials Cloud Archive 2020.0026/v1, doi:10.24435/MATERIALSCLOUD:2020.0026/V1; ${CDVAE_CITATION}`,
      licence: "MIT (CDVAE repository); Materials Cloud data open access",
    },
  },
  {
    name: "mp_20",
    title: "MP-20",
    description: "45,231 Materials Project structures with at most 20 atoms per cell and e_above_hull < 0.08 eV/atom",
    splits: {
      train: { rowsVerified: false, url: cdvaeUrl("mp_20", "train"), files: { "train.csv": [{ gitBlob: "b1c9d498565ac2fd8d075a51ff2ef5e51ba6c21f", copy: CDVAE }, { gitBlob: "206f82f8dd4d5ddf4d6e33ae2b2928dbba8a011a", copy: DIFFCSP }, { sha256: "9c5a34b3684ff4b86d87a86c1c42298d1d28322ea0f03059d9e80ab6a2b729a7", bytes: 80920549, copy: FLOWMM }] } },
      val: { rowsVerified: false, url: cdvaeUrl("mp_20", "val"), files: { "val.csv": [{ gitBlob: "7efe4d7ebeb4f460ceaad35e5326c42111d9c9a1", copy: CDVAE }, { gitBlob: "6070ef70053415f6436eddc30f2f4137fcac19eb", copy: DIFFCSP }, { sha256: "68e101e777c168429d84feb5bf1c5432f1a1b625884f72499c54c4d68e7ee73a", bytes: 26864684, copy: FLOWMM }] } },
      test: { rowsVerified: false, url: cdvaeUrl("mp_20", "test"), files: { "test.csv": [{ gitBlob: "5dc643041df53f5ce4970a79930ad262b4f07acd", copy: CDVAE }, { gitBlob: "133f5697e1d3fd94f9bf0ab6a3b6c5054d325955", copy: DIFFCSP }, { sha256: "6d63e5d7a607866d94014b3e8ae34f0b9f4d6a2b2332bbc50fd3ec976f487231", bytes: 26846148, copy: FLOWMM }] } },
    },
    cifColumn: "cif",
    idColumn: "material_id",
    columns: MP20_COLUMNS,
    defaultTarget: "formation_energy_per_atom",
    covCutoffs: COV_CDVAE_MP20,
    source: {
      repository: "txie-93/cdvae",
      commit: CDVAE_COMMIT,
      citation: `Jain et al., APL Materials 1, 011002 (2013) (Materials Project); ${CDVAE_CITATION}`,
      licence: "CC BY 4.0 (Materials Project data); MIT (CDVAE repository)",
    },
  },
  {
    name: "mpts_52",
    title: "MPTS-52",
    description: "40,476 Materials Project structures (1–52 atoms) split by publication year; not stability-filtered",
    splits: {
      train: { rows: 27380, rowsVerified: false, url: raw("jiaor17/DiffCSP", DIFFCSP_COMMIT, "data/mpts_52/train.csv"), files: { "train.csv": [{ gitBlob: "28c53b0a0fd3f32fb8078aca8e5b484e372790c6", copy: DIFFCSP }, { sha256: "db33cfc86530bbd4b020405989c5cd12130f447ad7b9258d29b3ff9c8a26d764", bytes: 45705353, copy: "facebookresearch/flowmm Git LFS" }] } },
      val: {
        rows: 5000,
        rowsVerified: true,
        url: raw("jiaor17/DiffCSP", DIFFCSP_COMMIT, "data/mpts_52/val.csv"),
        files: {
          "val.csv.gz": [{ sha256: "af56fcaa2ed7f36e9ec0ce95ae409c73f4c909644153c3d441c76f87a4d1c11d", gitBlob: "9d6d985473ca03ddc85e183186a186693ad78002", bytes: 1930984, copy: `${WYCKOFF} (gzip of the DiffCSP file)` }],
          "val.csv": [{ sha256: "b5d9f7a8ff72f3a1f24d6bb97e11ad201be40d10be7b27924234da06af04baba", gitBlob: "a377ba0ca7bee37ee69d9f50f8362eaa35d9f690", bytes: 9941357, copy: DIFFCSP }],
        },
      },
      test: {
        rows: 8096,
        rowsVerified: true,
        url: raw("jiaor17/DiffCSP", DIFFCSP_COMMIT, "data/mpts_52/test.csv"),
        files: {
          "test.csv.gz": [{ sha256: "5c082d8cd8b5398bb9971f076e2f459771e01b45b1a2d206f665bd99a1369feb", gitBlob: "d37baba33ecbdeac2bc7191ba3e15e48b315d3f4", bytes: 3197100, copy: `${WYCKOFF} (gzip of the DiffCSP file)` }],
          "test.csv": [{ sha256: "4d6e76c4726fb12fb2a7e5bb23594f9b82dbd9bf67b7bfd4866e9c74a8f49038", gitBlob: "2e8af159618f63be346b6527f155514323964423", bytes: 16358482, copy: DIFFCSP }],
        },
      },
    },
    cifColumn: "cif",
    idColumn: "material_id",
    columns: [
      { name: "theoretical", kind: "boolean", description: "Materials Project 'theoretical' flag (always False here)" },
      { name: "energy_above_hull", kind: "number", unit: "eV/atom", description: "energy above the convex hull (up to 3.95 test / 5.15 val: not stability-filtered)" },
      { name: "formation_energy_per_atom", kind: "number", unit: "eV/atom", description: "DFT formation energy per atom; DiffCSP's property target" },
      { name: "year", kind: "integer", description: "earliest publication year in the literature (the time-split key)" },
    ],
    defaultTarget: "formation_energy_per_atom",
    source: {
      repository: "jiaor17/DiffCSP",
      commit: DIFFCSP_COMMIT,
      citation: "Baird & Sparks, Materials Project Time Split Data, figshare doi:10.6084/m9.figshare.19991516.v4; Jiao et al., Crystal Structure Prediction by Joint Equivariant Diffusion, NeurIPS 2023 (DiffCSP); Jain et al. 2013",
      licence: "CC BY 4.0 (Materials Project data); MIT (DiffCSP repository)",
    },
  },
  {
    name: "mp_20_biternary",
    title: "MP-20 binary/ternary subset",
    description: "binary and ternary compounds of MP-20 (an order-preserving filter of its splits, used for WyCryst); not the MP-20 benchmark",
    splits: {
      train: { rowsVerified: false, url: raw("SymmetryAdvantage/WyckoffTransformer", WYCKOFF_COMMIT, "data/mp_20_biternary/train.csv.gz"), files: {} },
      val: {
        rows: 7140,
        rowsVerified: true,
        url: raw("SymmetryAdvantage/WyckoffTransformer", WYCKOFF_COMMIT, "data/mp_20_biternary/val.csv.gz"),
        files: {
          "val.csv.gz": [{ sha256: "f0a1743241ade50592ce24dd3efc8b5e4d4d84c6a72e827c16699e83ce254f07", gitBlob: "ea97fada8ab0bf4c9e2761a6ca62e3d10537aaa1", bytes: 1460439, copy: WYCKOFF }],
          "val.csv": [{ sha256: "8f14dfefa9beb88739e5e21d75c797265f51b754105613a20aee9d1478e01e86", gitBlob: "703af0f331549eab42dfb5e28a44e8987e0b5545", bytes: 8848622, copy: `${WYCKOFF} (decompressed)` }],
        },
      },
      test: {
        rows: 7118,
        rowsVerified: true,
        url: raw("SymmetryAdvantage/WyckoffTransformer", WYCKOFF_COMMIT, "data/mp_20_biternary/test.csv.gz"),
        files: {
          "test.csv.gz": [{ sha256: "e96144ffbad7fc61b0012456ead22d2c8f6993282a4fef584fbf906581086e02", gitBlob: "220c041da79efde30db5b49ca639c21efa1cff4d", bytes: 1452762, copy: WYCKOFF }],
          "test.csv": [{ sha256: "f8fe51d9eacfc3ec4f7614399b79383a8e158ddd3c54137eb182027d1a866276", gitBlob: "2e8377c78b324d94758275a4bb049aad27353a4a", bytes: 8811497, copy: `${WYCKOFF} (decompressed)` }],
        },
      },
    },
    cifColumn: "cif",
    idColumn: "material_id",
    columns: MP20_COLUMNS,
    defaultTarget: "formation_energy_per_atom",
    source: {
      repository: "SymmetryAdvantage/WyckoffTransformer",
      commit: WYCKOFF_COMMIT,
      citation: `Jain et al. 2013 (Materials Project); ${CDVAE_CITATION}; Kazeev et al., WyckoffTransformer`,
      licence: "CC BY 4.0 (Materials Project data); Apache-2.0 (WyckoffTransformer repository)",
    },
  },
  {
    name: "prototypes",
    title: "Bundled prototype decorations",
    description:
      "1,335 synthetic structures shipped with the package (scripts/build-prototypes.mjs): rock salt, CsCl, zinc blende, wurtzite, NiAs, fluorite, anti-fluorite, rutile, CdI2, cubic perovskite and spinel decorated with charge-balanced ion combinations, plus fcc/bcc/hcp/diamond elements; cells scaled to Shannon ionic (covalent, metallic) radii sums — not relaxed, not DFT",
    splits: {
      train: { rows: 1067, rowsVerified: true, files: {} },
      val: { rows: 134, rowsVerified: true, files: {} },
      test: { rows: 134, rowsVerified: true, files: {} },
    },
    cifColumn: "cif",
    idColumn: "material_id",
    columns: [
      { name: "formula", kind: "string", description: "reduced formula (pymatgen convention); loaded as column `formula_file`" },
      { name: "prototype", kind: "string", description: "structure prototype name (e.g. rocksalt, perovskite)" },
      { name: "spacegroup.number", kind: "integer", description: "international space-group number of the ideal prototype" },
      { name: "nsites", kind: "integer", description: "atoms per cell; loaded as column `nsites_file`" },
      { name: "density", kind: "number", unit: "g/cm³", description: "density of the estimated cell" },
      { name: "madelung_energy", kind: "number", unit: "eV/atom", description: "Ewald electrostatic energy per atom of formal point charges in the estimated cell (0 for elements) — a crude lattice-energy proxy for conditioning demos, not a DFT energy; agrees with pymatgen's EwaldSummation" },
    ],
    defaultTarget: "madelung_energy",
    source: {
      repository: "crystal-workbench (scripts/build-prototypes.mjs)",
      citation: "generated by crystal-workbench from textbook prototypes; ionic radii from Shannon, Acta Cryst. A32, 751 (1976)",
      licence: "MIT",
    },
    bundledDir: fileURLToPath(new URL("../../data/prototypes/", import.meta.url)),
  },
];

/** Names of every registered dataset. */
export function datasetNames(): string[] {
  return DATASETS.map((d) => d.name);
}

/** The registry entry of a dataset; throws UnknownDatasetError for an unknown name. */
export function datasetSpec(name: string): DatasetSpec {
  const spec = DATASETS.find((d) => d.name === name);
  if (!spec) throw new UnknownDatasetError(name, datasetNames());
  return spec;
}

/** The registry entry of one split; throws UnknownSplitError for an unknown split. */
export function splitSpec(name: string, split: string): SplitSpec {
  const spec = datasetSpec(name);
  const s = spec.splits[split];
  if (!s) throw new UnknownSplitError(name, split, [...Object.keys(spec.splits), ...Object.keys(DERIVED_SPLITS).map((d) => `${d} (derived)`)]);
  return s;
}

/** The COV cutoffs of a registered dataset; throws UnknownDatasetError or NoCovCutoffsError (both bad input). */
export function covCutoffsOf(name: string): CovCutoffs {
  const spec = datasetSpec(name);
  if (!spec.covCutoffs) throw new NoCovCutoffsError(name, DATASETS.filter((d) => d.covCutoffs).map((d) => d.name));
  return spec.covCutoffs;
}
