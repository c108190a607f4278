"""Reference powder XRD patterns from pymatgen's XRDCalculator (Cu Ka, no symmetry refinement) for the viz tests.

stdin: JSON list of {"lattice": 9 numbers row-major (Å), "species": [Z...], "frac": [x,y,z,...]}
stdout: JSON list of {"two_theta": [...], "intensity": [...], "d": [...], "hkls": [[[h,k,l], mult], ...] per peak}
"""
import json
import sys

import numpy as np
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Lattice, Structure

calc = XRDCalculator(wavelength="CuKa")
out = []
for item in json.load(sys.stdin):
    lattice = Lattice(np.array(item["lattice"]).reshape(3, 3))
    frac = np.array(item["frac"]).reshape(-1, 3)
    s = Structure(lattice, item["species"], frac)
    p = calc.get_pattern(s, two_theta_range=tuple(item.get("range", (0, 90))))
    out.append({
        "two_theta": [float(x) for x in p.x],
        "intensity": [float(y) for y in p.y],
        "d": [float(d) for d in p.d_hkls],
        "hkls": [[[list(f["hkl"]), f["multiplicity"]] for f in fams] for fams in p.hkls],
    })
json.dump(out, sys.stdout)
