# Reference for test/stability/hull-references.test.ts: pymatgen PhaseDiagram on formation-energy entries.
# stdin: JSON list of systems {"entries": [{"composition": {sym: amount}, "energyPerAtom": e}], "queries": [same]}.
# stdout: per system {"entryEAboveHull": [...], "hull": [...], "eAboveHull": [...]} (queries: negative values allowed).
import json, sys, warnings
warnings.filterwarnings("ignore")
from pymatgen.analysis.phase_diagram import PhaseDiagram, PDEntry
from pymatgen.core import Composition

def entry(d):
    c = Composition(d["composition"])
    return PDEntry(c, d["energyPerAtom"] * c.num_atoms)

out = []
for system in json.load(sys.stdin):
    entries = [entry(d) for d in system["entries"]]
    pd = PhaseDiagram(entries)
    queries = [entry(d) for d in system["queries"]]
    out.append({
        "entryEAboveHull": [float(pd.get_e_above_hull(e)) for e in entries],
        "hull": [float(pd.get_hull_energy_per_atom(q.composition)) for q in queries],
        "eAboveHull": [float(pd.get_decomp_and_e_above_hull(q, allow_negative=True, check_stable=False)[1]) for q in queries],
    })
json.dump(out, sys.stdout)
