"""pymatgen's CifParser summary of real-world CIFs (reference for test/crystal/io/realworld.test.ts).

Usage: /usr/bin/python3 test/py/io_cif_realworld.py FILE...
One JSON line per file: {"file", "ok", "error"?, "warnings", "structures": [{"nsites", "formula", "volume",
"spacegroup"}]}. nsites counts pymatgen's sites (co-located species are one site), formula is the reduced formula,
spacegroup the spglib number at symprec 1e-3 Å (null when spglib finds none).
"""
import json
import math
import sys
import warnings

import spglib
from pymatgen.io.cif import CifParser

warnings.simplefilter("ignore")


def space_group(s):
    """spglib's space-group number of a structure, each site taken as its majority species (null for a cell of no
    real volume, on which spglib would crash)."""
    if not s.volume >= 0.1:
        return None
    numbers = [max(site.species.items(), key=lambda kv: kv[1])[0].Z for site in s]
    data = spglib.get_symmetry_dataset((s.lattice.matrix, s.frac_coords, numbers), symprec=1e-3)
    return None if data is None else int(data["number"])


def describe(s):
    return {"nsites": len(s), "formula": s.composition.reduced_formula, "volume": s.volume if math.isfinite(s.volume) else None, "spacegroup": space_group(s)}


for path in sys.argv[1:]:
    parser = None
    try:
        parser = CifParser(path)
        structures = parser.get_structures(primitive=False)
        print(json.dumps({"file": path, "ok": True, "warnings": parser.warnings, "structures": [describe(s) for s in structures]}))
    except Exception as e:  # noqa: BLE001 - the reference's failure is data for the test
        print(json.dumps({"file": path, "ok": False, "error": f"{type(e).__name__}: {e}", "warnings": parser.warnings if parser else []}))
