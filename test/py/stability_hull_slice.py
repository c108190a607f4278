# Reference for test/stability/hull-slice.test.ts: pymatgen PhaseDiagram stable entries, facets and decompositions.
# stdin: JSON list of systems {"entries": [{"composition": {sym: amount}, "energyPerAtom": e}], "queries": [same]}.
# stdout: per system {"stable": [entry indices], "facets": [[entry indices]], "eAboveHull": [...],
#   "decompositions": [{entry index: atom fraction}] per query}.
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
    decompositions = []
    for q in system["queries"]:
        decomp, _ = pd.get_decomp_and_e_above_hull(entry(q), allow_negative=True, check_stable=False)
        decompositions.append({str(index[id(e)]): float(f) for e, f in decomp.items()})
    out.append({
        "stable": sorted(index[id(e)] for e in pd.stable_entries),
        "facets": [sorted(index[id(pd.qhull_entries[i])] for i in f) for f in pd.facets],
        "eAboveHull": [float(pd.get_e_above_hull(e)) for e in entries],
        "decompositions": decompositions,
    })
json.dump(out, sys.stdout)
