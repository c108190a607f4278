"""Reference CrystalNN "ops" fingerprint data computed with pymatgen 2022.11.7 (Debian).

Used by test/metrics/fingerprints/*.test.ts and for debugging the TypeScript port.
matminer is not installed; its CrystalNNFingerprint.from_preset("ops") featurize loop (v0.7.8) is
re-created here from docs/metrics-spec.md §5.1 (weights from CrystalNN.get_nn_data, order parameters
from LocalStructOrderParams with matminer's motif table and pymatgen's cn_opt_params.yaml).

stdin: JSON {"structures": [...], "want": ["cn", "fp", "time"], "repeat": n}
  each structure is either {"lattice": [9 numbers, rows a,b,c in Å], "species": [Z...], "frac": [[x,y,z]...]}
  or {"dataset": "perov_5", "split": "test", "row": 0} (CDVAE preprocessing: CIF -> Niggli -> from parameters).
stdout: JSON list, one entry per structure: {"lattice", "species", "frac", "sites": [{"cn_weights": {cn: w},
  "neighbors": [[index, [image], weight]...]} or {"error": "..."} per site], "site_fp": [[61]...], "fp": [61], "seconds": wall, "cpu_seconds": cpu}
"""
import csv
import gzip
import json
import os
import sys
import time
import warnings

import numpy as np
from pymatgen.analysis.local_env import CrystalNN, LocalStructOrderParams, cn_opt_params
from pymatgen.core import Lattice, Structure

warnings.simplefilter("ignore")

SHARED = os.environ.get("CRYSTAL_SHARED_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared"))
MOTIFS = {
    1: ["sgl_bd"],
    2: ["L-shaped", "water-like", "bent 120 degrees", "bent 150 degrees", "linear"],
    3: ["trigonal planar", "trigonal non-coplanar", "T-shaped"],
    4: ["square co-planar", "tetrahedral", "rectangular see-saw-like", "see-saw-like", "trigonal pyramidal"],
    5: ["pentagonal planar", "square pyramidal", "trigonal bipyramidal"],
    6: ["hexagonal planar", "octahedral", "pentagonal pyramidal"],
    7: ["hexagonal pyramidal", "pentagonal bipyramidal"],
    8: ["body-centered cubic", "hexagonal bipyramidal"],
    9: ["q2", "q4", "q6"],
    10: ["q2", "q4", "q6"],
    11: ["q2", "q4", "q6"],
    12: ["cuboctahedral", "q2", "q4", "q6"],
}


def make_ops():
    ops = {}
    for cn in range(1, 25):
        ops[cn] = ["wt"]
        for t in MOTIFS.get(cn, []):
            ot, p = t, None
            if cn in cn_opt_params and t in cn_opt_params[cn]:
                ot = cn_opt_params[cn][t][0]
                if len(cn_opt_params[cn][t]) > 1:
                    p = cn_opt_params[cn][t][1]
            ops[cn].append(LocalStructOrderParams([ot], parameters=[p]))
    return ops


OPS = make_ops()
CNN = CrystalNN()


def site_fingerprint(struct, idx, nndata=None):
    nndata = nndata or CNN.get_nn_data(struct, idx)
    out = []
    for cn in range(1, 25):
        wt = nndata.cn_weights.get(cn, 0)
        for op in OPS[cn]:
            if op == "wt":
                out.append(wt)
            elif wt == 0:
                out.append(0)
            else:
                neigh = [d["site"] for d in nndata.cn_nninfo[cn]]
                v = op.get_order_parameters([struct[idx]] + neigh, 0, indices_neighs=list(range(1, len(neigh) + 1)))[0]
                out.append(wt * (v or 0))
    return out


def read_rows(dataset, split):
    base = os.path.join(SHARED, "data", dataset)
    path = os.path.join(base, split + ".csv")
    opener = open
    if not os.path.exists(path):
        path, opener = path + ".gz", gzip.open
    with opener(path, "rt") as f:
        return list(csv.DictReader(f))


_CACHE = {}


def load(spec):
    if "dataset" in spec:
        key = (spec["dataset"], spec["split"])
        if key not in _CACHE:
            _CACHE[key] = read_rows(*key)
        cif = _CACHE[key][spec["row"]]["cif"]
        s = Structure.from_str(cif, fmt="cif").get_reduced_structure()
        return Structure(Lattice.from_parameters(*s.lattice.parameters), s.species, s.frac_coords)
    return Structure(Lattice(np.array(spec["lattice"]).reshape(3, 3)), spec["species"], spec["frac"])


def main():
    req = json.load(sys.stdin)
    want = set(req.get("want", ["cn", "fp"]))
    repeat = int(req.get("repeat", 1))
    out = []
    for spec in req["structures"]:
        s = load(spec)
        entry = {
            "lattice": s.lattice.matrix.flatten().tolist(),
            "species": [sp.Z for sp in s.species],
            "frac": s.frac_coords.tolist(),
        }
        try:
            if "cn" in want:
                sites = []
                for i in range(len(s)):
                    try:
                        d = CNN.get_nn_data(s, i)
                    except Exception as e:  # noqa: BLE001 - a failing site is data for the caller
                        sites.append({"error": f"{type(e).__name__}: {e}"})
                        continue
                    sites.append({
                        "cn_weights": {str(k): v for k, v in d.cn_weights.items()},
                        "neighbors": [[e["site_index"], [int(x) for x in e["image"]], e["weight"]] for e in d.all_nninfo],
                    })
                entry["sites"] = sites
            if "fp" in want:
                fps = [site_fingerprint(s, i) for i in range(len(s))]
                entry["site_fp"] = fps
                entry["fp"] = np.array(fps).mean(axis=0).tolist()
            if "time" in want:
                t0, c0 = time.perf_counter(), time.process_time()
                for _ in range(repeat):
                    np.array([site_fingerprint(s, i) for i in range(len(s))]).mean(axis=0)
                entry["seconds"] = (time.perf_counter() - t0) / repeat
                entry["cpu_seconds"] = (time.process_time() - c0) / repeat
        except Exception as e:  # noqa: BLE001 - the reference's failure is data for the caller
            entry["error"] = f"{type(e).__name__}: {e}"
        out.append(entry)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
