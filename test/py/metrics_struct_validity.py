# Reference for test/metrics/structure-validity.test.ts: CDVAE structure_validity with pymatgen 2022.11 distance_matrix
# on seeded random crystals (skewed cells, close contacts), plus density. Prints JSON.
import json, sys, warnings
import numpy as np
warnings.filterwarnings("ignore")
from pymatgen.core import Lattice, Structure
rs = np.random.RandomState(5)
out = []
for _ in range(300):
    n = rs.randint(1, 9)
    a, b, c = rs.uniform(1.5, 7, 3)
    alpha, beta, gamma = rs.uniform(55, 125, 3)
    try:
        lat = Lattice.from_parameters(a, b, c, alpha, beta, gamma)
    except Exception:
        continue
    if not np.isfinite(lat.volume) or lat.volume < 1:
        continue
    species = rs.choice([1, 6, 8, 11, 17, 26, 79], n).tolist()
    frac = rs.uniform(-0.2, 1.2, (n, 3))
    s = Structure(lat, species, frac)
    d = s.distance_matrix + np.diag(np.ones(n) * 10.5)
    valid = not (d.min() < 0.5 or s.volume < 0.1)
    out.append({"matrix": lat.matrix.tolist(), "species": species, "frac": frac.tolist(), "valid": bool(valid),
                "min": float(d.min()), "density": float(s.density)})
json.dump(out, sys.stdout)
