"""Times pymatgen StructureMatcher.get_rms_dist on given pairs (the same pairs the TypeScript bench matches).
usage: /usr/bin/python3 bench/py/matcher_pairs.py PAIRS.json   (a JSON list of {"a": S, "b": S},
S = {"lattice": [9], "species": [Z...], "frac": [3n]}; CSP settings stol 0.5, ltol 0.3, angle_tol 10)
Prints one JSON object: {"ms_per_pair": wall t, "cpu_ms_per_pair": process CPU t, "rms": [r or null, ...]}."""
import json
import sys
import time
import warnings

import numpy as np
from pymatgen.analysis.structure_matcher import StructureMatcher
from pymatgen.core import Lattice, Structure

warnings.filterwarnings("ignore")


def to_structure(d):
    return Structure(Lattice(np.array(d["lattice"], dtype=float).reshape(3, 3)), [int(z) for z in d["species"]],
                     np.array(d["frac"], dtype=float).reshape(-1, 3))


pairs = json.load(open(sys.argv[1]))
structs = [(to_structure(p["a"]), to_structure(p["b"])) for p in pairs]
sm = StructureMatcher(stol=0.5, angle_tol=10, ltol=0.3)
rms = []
c = time.process_time()
t = time.perf_counter()
for a, b in structs:
    r = sm.get_rms_dist(a, b)
    rms.append(None if r is None else float(r[0]))
elapsed = time.perf_counter() - t
cpu = time.process_time() - c
print(json.dumps({"ms_per_pair": elapsed / len(structs) * 1e3, "cpu_ms_per_pair": cpu / len(structs) * 1e3, "rms": rms}))
