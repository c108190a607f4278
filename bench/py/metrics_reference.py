# Reference timing for bench/metrics.bench.mjs: per-crystal cost of the CDVAE metric pipeline in Python (pymatgen 2022.11),
# measured on the first N rows of a dataset CSV, plus the COV distance matrices at full size.
# Measured per crystal: structure validity (distance_matrix) and CrystalNN.get_nn_data for every site (the core of
# matminer's CrystalNNFingerprint; its order parameters, Magpie and SMACT are NOT timed, so the estimate is a lower bound).
# usage: metrics_reference.py CSV N N_GEN N_REF   → prints one JSON line
import json, sys, time, warnings
import numpy as np
import pandas as pd
warnings.filterwarnings("ignore")
from pymatgen.core import Structure
from pymatgen.analysis.local_env import CrystalNN
from scipy.spatial.distance import cdist

csv, n, n_gen, n_ref = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cifs = pd.read_csv(csv)["cif"].tolist()[:n]
structures = [Structure.from_str(c, fmt="cif") for c in cifs]
t = time.perf_counter()
for s in structures:
    d = s.distance_matrix + np.diag(np.ones(len(s)) * 10.5)
    _ = d.min() < 0.5 or s.volume < 0.1
validity_ms = (time.perf_counter() - t) * 1000 / n
cnn = CrystalNN()
t = time.perf_counter()
for s in structures:
    for i in range(len(s)):
        cnn.get_nn_data(s, i)
crystalnn_ms = (time.perf_counter() - t) * 1000 / n
rs = np.random.RandomState(0)
t = time.perf_counter()
for dim in (61, 132):
    a, b = rs.normal(size=(n_gen, dim)), rs.normal(size=(n_ref, dim))
    m = cdist(a, b)
    m.min(0), m.min(1)
cov_ms = (time.perf_counter() - t) * 1000
print(json.dumps({"n": n, "validity_ms": validity_ms, "crystalnn_ms": crystalnn_ms, "cov_ms": cov_ms,
                  "estimate_ms": (validity_ms + crystalnn_ms) * (n_gen + n_ref) + cov_ms}))
