"""Parse CIF files with pymatgen's CifParser and print one JSON line per file (reference for test/crystal/io).

Usage: /usr/bin/python3 test/py/io_pymatgen_read.py FILE...
Each line: {"file", "ok", "error"?, "structures": [{"lattice": 3x3, "species": [...], "occupancies": [...],
"frac": [[x,y,z]...], "formula": reduced formula}]}; a site with several species gives one entry per species.
"""
import json
import sys
import warnings

from pymatgen.io.cif import CifParser

warnings.simplefilter("ignore")


def describe(s):
    species, occ, frac = [], [], []
    for site in s:
        for sp, o in site.species.items():
            species.append(sp.symbol)
            occ.append(float(o))
            frac.append([float(x) for x in site.frac_coords])
    return {
        "lattice": s.lattice.matrix.tolist(),
        "species": species,
        "occupancies": occ,
        "frac": frac,
        "formula": s.composition.reduced_formula,
    }


for path in sys.argv[1:]:
    try:
        structures = CifParser(path).get_structures(primitive=False)
        print(json.dumps({"file": path, "ok": True, "structures": [describe(s) for s in structures]}))
    except Exception as e:  # noqa: BLE001 - the reference's failure is data for the test
        print(json.dumps({"file": path, "ok": False, "error": f"{type(e).__name__}: {e}"}))
