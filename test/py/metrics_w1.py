# Reference for test/metrics/wasserstein.test.ts: scipy.stats.wasserstein_distance on seeded random cases.
import json, sys
import numpy as np
from scipy.stats import wasserstein_distance
rs = np.random.RandomState(7)
cases = []
for k in range(60):
    n, m = rs.randint(1, 40), rs.randint(1, 40)
    if k % 3 == 0:
        u, v = rs.randint(1, 6, n).astype(float), rs.randint(1, 6, m).astype(float)
    else:
        u, v = rs.normal(0, 2, n), rs.normal(0.5, 1, m)
    cases.append({"u": u.tolist(), "v": v.tolist(), "w": float(wasserstein_distance(u, v))})
json.dump(cases, sys.stdout)
