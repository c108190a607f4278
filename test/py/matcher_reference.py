"""pymatgen StructureMatcher reference for the TypeScript cross-check tests.

usage: /usr/bin/python3 test/py/matcher_reference.py PAIRS.jsonl
Each input line: {"a": S, "b": S, "options": {"ltol", "stol", "angleTol", "attemptSupercell", "allowSubset", "scale",
"primitiveCell"}} with S = {"lattice": [9 numbers, rows a b c in Angstrom], "species": [Z...], "frac": [3n numbers]}.
Optional "prim": true asks only for get_primitive_structure(0.25) of "a" (after Niggli reduction).
A line {"group": [S, ...]} asks for StructureMatcher().group_structures (default settings) as sorted index lists.
Optional "fit": false skips StructureMatcher.fit. Prints one JSON line per input line:
{"rms": r|null, "maxDist": d|null, "fit": bool, "seconds": s} (or {"prim": {...}}), or {"error": message} when
pymatgen raises.
"""
import json
import sys
import time
import warnings

import numpy as np
from pymatgen.analysis.structure_matcher import StructureMatcher
from pymatgen.core import Lattice, Structure

warnings.filterwarnings("ignore")


def to_structure(d):
    lat = Lattice(np.array(d["lattice"], dtype=float).reshape(3, 3))
    frac = np.array(d["frac"], dtype=float).reshape(-1, 3)
    return Structure(lat, [int(z) for z in d["species"]], frac)


def main(path):
    out = sys.stdout
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            req = json.loads(line)
            t0 = time.perf_counter()
            try:
                if "group" in req:
                    structs = [to_structure(d) for d in req["group"]]
                    index = {id(x): i for i, x in enumerate(structs)}
                    groups = StructureMatcher().group_structures(structs)
                    res = {"groups": sorted(sorted(index[id(x)] for x in g) for g in groups)}
                    res["seconds"] = time.perf_counter() - t0
                    out.write(json.dumps(res) + "\n")
                    continue
                a = to_structure(req["a"])
                if req.get("prim"):
                    p = a.get_reduced_structure().get_primitive_structure(tolerance=0.25)
                    res = {"prim": {"n": len(p), "abc": list(p.lattice.abc), "angles": list(p.lattice.angles),
                                    "volume": p.volume, "species": [s.specie.Z for s in p]}}
                else:
                    b = to_structure(req["b"])
                    o = req.get("options", {})
                    sm = StructureMatcher(
                        ltol=o.get("ltol", 0.2), stol=o.get("stol", 0.3), angle_tol=o.get("angleTol", 5),
                        primitive_cell=o.get("primitiveCell", True), scale=o.get("scale", True),
                        attempt_supercell=o.get("attemptSupercell", False), allow_subset=o.get("allowSubset", False))
                    r = sm.get_rms_dist(a, b)
                    res = {"rms": None if r is None else float(r[0]), "maxDist": None if r is None else float(r[1])}
                    if req.get("fit", True):
                        res["fit"] = bool(sm.fit(a, b))
            except Exception as e:  # pymatgen raised: reported, the caller decides
                res = {"error": f"{type(e).__name__}: {e}"}
            res["seconds"] = time.perf_counter() - t0
            out.write(json.dumps(res) + "\n")
            out.flush()


if __name__ == "__main__":
    main(sys.argv[1])
