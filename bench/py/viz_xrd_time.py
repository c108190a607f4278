"""CPU time per structure of pymatgen's XRDCalculator.get_pattern (Cu Ka, 2θ 0–90°) for the viz benchmark, under the
shared cold/warm policy (timing.py).

stdin: JSON list of {"lattice": 9 numbers row-major (Å), "species": [Z...], "frac": [x,y,z,...]}
stdout: one JSON line {"time": {"cold", "warm", "passes"}, "peaks": total number of peaks}
"""
import json
import sys

import numpy as np
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Lattice, Structure
from timing import cold_warm, emit

items = json.load(sys.stdin)
structures = [Structure(Lattice(np.array(i["lattice"]).reshape(3, 3)), i["species"], np.array(i["frac"]).reshape(-1, 3)) for i in items]
calc = XRDCalculator(wavelength="CuKa")
times, patterns = cold_warm(lambda: [calc.get_pattern(s) for s in structures], len(structures))
emit({"time": times, "peaks": sum(len(p.x) for p in patterns)})
