"""Prints pymatgen Composition element amounts (atomic number -> amount, in pymatgen's order) for formulas given as a JSON list in argv[1]."""
import json
import sys
from pymatgen.core import Composition
print(json.dumps([[f, [[el.Z, amount] for el, amount in Composition(f).items()]] for f in json.loads(sys.argv[1])]))
