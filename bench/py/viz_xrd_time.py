"""CPU time per structure of pymatgen's XRDCalculator.get_pattern (Cu Ka, 2θ 0–90°) for the viz benchmark.

stdin: JSON list of {"lattice": 9 numbers row-major (Å), "species": [Z...], "frac": [x,y,z,...]}
stdout: JSON {"ms": CPU milliseconds per structure, "peaks": total number of peaks}
"""
import json
import sys
import time

import numpy as np
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Lattice, Structure

items = json.load(sys.stdin)
structures = [Structure(Lattice(np.array(i["lattice"]).reshape(3, 3)), i["species"], np.array(i["frac"]).reshape(-1, 3)) for i in items]
calc = XRDCalculator(wavelength="CuKa")
calc.get_pattern(structures[0])  # warm-up
start = time.process_time()
peaks = sum(len(calc.get_pattern(s).x) for s in structures)
ms = (time.process_time() - start) * 1e3 / len(structures)
json.dump({"ms": ms, "peaks": peaks}, sys.stdout)
