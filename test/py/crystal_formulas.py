"""Prints pymatgen reduced_formula and formula for structures with the given site orders (JSON)."""
from pymatgen.core import Composition, Structure, Lattice
import json
cases = [["He","Si","O","O"],["Si","O","O","He"],["O","He","Si","O"],["Na","Cl"],["Li","Fe","P","O","O","O","O"],["Pm","O","O","Pm","O"],["Rn","F","F"],["Xe","F","F"],["Ar","Kr","He"],["Fe","Fe","O","O","O"],["Na","O"],["Cs","Pm","Rn","O"]]
print(json.dumps([[c, Structure(Lattice.cubic(5), c, [[i/10,0,0] for i in range(len(c))]).composition.reduced_formula, Structure(Lattice.cubic(5), c, [[i/10,0,0] for i in range(len(c))]).composition.formula] for c in cases]))
