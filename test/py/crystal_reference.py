"""pymatgen reference values for the crystal cross-check tests (test/crystal/pymatgen-crosscheck.test.ts).
usage: /usr/bin/python3 crystal_reference.py DATA_CSV[.gz] [N] [--extras]
Prints one JSON line per CSV row (the first N rows, default all): the CIF parsed with pymatgen's CifParser
(primitive=False, as the DiffCSP ground truth) -> lattice matrix, species Z, frac coords, reduced formula, site count,
lattice parameters, volume, density; get_reduced_structure() -> Niggli matrix and parameters; LLL matrix and mapping.
With --extras also the distance matrix and, for a 3.5 A cutoff, each site's sorted neighbour distances.
A row pymatgen cannot parse prints {"row": i, "error": "..."}."""
import csv, gzip, json, sys, warnings

warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser  # noqa: E402

csv.field_size_limit(1 << 30)
path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else None
extras = "--extras" in sys.argv
op = gzip.open if path.endswith(".gz") else open
with op(path, "rt") as f:
    rows = list(csv.DictReader(f))
if n is not None:
    rows = rows[:n]
out = sys.stdout
for i, r in enumerate(rows):
    try:
        s = CifParser.from_string(r["cif"]).get_structures(primitive=False)[0]
        red = s.get_reduced_structure()
        lat = s.lattice
        rec = {
            "row": i,
            "cif": r["cif"],
            "matrix": lat.matrix.flatten().tolist(),
            "species": [sp.Z for sp in (site.species.elements[0] for site in s)],
            "occupancies": [site.species.num_atoms for site in s],
            "frac": s.frac_coords.flatten().tolist(),
            "formula": s.composition.reduced_formula,
            "nsites": len(s),
            "params": list(lat.abc) + list(lat.angles),
            "volume": lat.volume,
            "density": float(s.density),
            "niggliMatrix": red.lattice.matrix.flatten().tolist(),
            "niggliParams": list(red.lattice.abc) + list(red.lattice.angles),
            "niggliFrac": red.frac_coords.flatten().tolist(),
            "lllMatrix": lat.lll_matrix.flatten().tolist(),
            "lllMapping": lat.lll_mapping.flatten().tolist(),
        }
        if extras:
            rec["distanceMatrix"] = s.distance_matrix.flatten().tolist()
            c, nb, im, d = s.get_neighbor_list(3.5)
            rec["neighbourCounts"] = [int((c == k).sum()) for k in range(len(s))]
            rec["neighbourDistances"] = [sorted(d[c == k].tolist()) for k in range(len(s))]
        out.write(json.dumps(rec) + "\n")
    except Exception as e:  # noqa: BLE001 - report, keep going
        out.write(json.dumps({"row": i, "error": f"{type(e).__name__}: {e}"}) + "\n")
