"""Write CIFs with pymatgen's CifWriter (reference for test/crystal/io): symmetrised with symprec, or P1.

Usage: /usr/bin/python3 test/py/io_pymatgen_write.py SYMPREC FILE...   (SYMPREC "none" for P1)
Reads each CIF with CifParser(...).get_structures(primitive=False)[0] and prints one JSON line {"file", "cif"}.
"""
import json
import sys
import warnings

from pymatgen.io.cif import CifParser, CifWriter

warnings.simplefilter("ignore")
symprec = None if sys.argv[1] == "none" else float(sys.argv[1])
for path in sys.argv[2:]:
    s = CifParser(path).get_structures(primitive=False)[0]
    print(json.dumps({"file": path, "cif": str(CifWriter(s, symprec=symprec))}))
