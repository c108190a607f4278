# Reference for test/stability/hull-references.test.ts and hull-slice.test.ts: pymatgen PhaseDiagram on
# formation-energy entries.
# stdin: JSON list of systems {"entries": [{"composition": {sym: amount}, "energyPerAtom": e}], "queries": [same]}.
# stdout: per system {"entryEAboveHull": [...], "stable": [entry indices], "facets": [[entry indices]],
#   "queryHull": [...], "queryEAboveHull": [...] (negative allowed), "decompositions": [{entry index: atom fraction}]}.
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
    index = {id(e): i for i, e in enumerate(entries)}
    pd = PhaseDiagram(entries)
    queries = [entry(d) for d in system["queries"]]
    placed = [pd.get_decomp_and_e_above_hull(q, allow_negative=True, check_stable=False) for q in queries]
    out.append({
        "entryEAboveHull": [float(pd.get_e_above_hull(e)) for e in entries],
        "stable": sorted(index[id(e)] for e in pd.stable_entries),
        "facets": [sorted(index[id(pd.qhull_entries[i])] for i in f) for f in pd.facets],
        "queryHull": [float(pd.get_hull_energy_per_atom(q.composition)) for q in queries],
        "queryEAboveHull": [float(e) for _, e in placed],
        "decompositions": [{str(index[id(e)]): float(f) for e, f in decomp.items()} for decomp, _ in placed],
    })
json.dump(out, sys.stdout)
