# Reference for test/metrics/stability.test.ts: pymatgen PhaseDiagram energies above hull on seeded random systems.
import json, sys, warnings
import numpy as np
warnings.filterwarnings("ignore")
from pymatgen.analysis.phase_diagram import PhaseDiagram, PDEntry
from pymatgen.core import Composition
rs = np.random.RandomState(11)
systems = [["Li", "O"], ["Li", "Fe", "O"], ["Li", "Fe", "P", "O"], ["Na", "Mg", "Al", "Si", "O"]]
out = []
for els in systems:
    entries = []
    for e in els:  # elemental references (two polymorphs each)
        for k in range(2):
            entries.append({"composition": {e: int(rs.randint(1, 4))}, "energyPerAtom": float(-3 + rs.normal(0, 0.5) + 0.2 * k)})
    for _ in range(12 * len(els)):
        k = rs.randint(2, len(els) + 1)
        pick = rs.choice(len(els), k, replace=False)
        comp = {els[i]: int(rs.randint(1, 5)) for i in pick}
        entries.append({"composition": comp, "energyPerAtom": float(-4 + rs.normal(0, 0.6))})
    pdentries = [PDEntry(Composition(e["composition"]), e["energyPerAtom"] * Composition(e["composition"]).num_atoms) for e in entries]
    pd = PhaseDiagram(pdentries)
    queries = []
    for _ in range(10):
        k = rs.randint(1, len(els) + 1)
        pick = rs.choice(len(els), k, replace=False)
        comp = {els[i]: int(rs.randint(1, 6)) for i in pick}
        e = float(-4 + rs.normal(0, 0.6))
        c = Composition(comp)
        ehull = pd.get_decomp_and_e_above_hull(PDEntry(c, e * c.num_atoms), allow_negative=True, check_stable=False)[1]
        queries.append({"composition": comp, "energyPerAtom": e, "eAboveHull": float(ehull), "hull": float(pd.get_hull_energy_per_atom(c))})
    ref_ehull = [float(pd.get_e_above_hull(e)) for e in pdentries]
    out.append({"elements": els, "entries": entries, "queries": queries, "referenceEAboveHull": ref_ehull})
json.dump(out, sys.stdout)
