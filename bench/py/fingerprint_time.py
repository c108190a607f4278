"""pymatgen reference for bench/crystalnn-fingerprint.bench.mjs: the CrystalNN "ops" structure fingerprint of
test/py/fingerprint_reference.py (CrystalNN + LocalStructOrderParams, matminer's featurize loop re-created) on the
first N test rows of a dataset, prepared the CDVAE way (CIF -> Niggli -> rebuilt from lattice parameters), timed
per crystal under the shared cold/warm policy (timing.py).
usage: CRYSTAL_SHARED_DIR=... /usr/bin/python3 bench/py/fingerprint_time.py DATASET N
Prints one JSON line: {"time": {"cold", "warm", "passes"}, "structures": [{"lattice", "species", "frac"}]}."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "py"))
from fingerprint_reference import load, site_fingerprint  # noqa: E402
from timing import cold_warm, emit  # noqa: E402

dataset, n = sys.argv[1], int(sys.argv[2])
structs = [load({"dataset": dataset, "split": "test", "row": row}) for row in range(n)]


def fingerprint(s):
    return np.array([site_fingerprint(s, i) for i in range(len(s))]).mean(axis=0)


times, _ = cold_warm(lambda: [fingerprint(s) for s in structs], n)
emit({"time": times, "structures": [{"lattice": s.lattice.matrix.flatten().tolist(), "species": [sp.Z for sp in s.species],
                                     "frac": s.frac_coords.flatten().tolist()} for s in structs]})
