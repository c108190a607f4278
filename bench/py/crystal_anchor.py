"""pymatgen timings for the crystal-core benchmark (bench/crystal.bench.mjs), on the first N rows of a dataset CSV.
usage: /usr/bin/python3 crystal_anchor.py DATA_CSV[.gz] N CUTOFF
Parses every CIF as pymatgen_anchor.py does (CifParser, primitive=False), then times per structure:
Structure.get_reduced_structure() (Niggli), Structure.distance_matrix, Structure.get_neighbor_list(CUTOFF).
Times are CPU milliseconds of this process (time.process_time), robust on a shared machine; parse_wall_ms is wall time.
Prints one JSON line: {"n", "parse_ms", "parse_wall_ms", "niggli_ms", "distance_matrix_ms", "neighbor_list_ms",
"neighbor_pairs"}."""
import csv, gzip, json, sys, time, warnings

warnings.filterwarnings("ignore")
from pymatgen.io.cif import CifParser  # noqa: E402

csv.field_size_limit(1 << 30)
path, n, cutoff = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
op = gzip.open if path.endswith(".gz") else open
with op(path, "rt") as f:
    rows = list(csv.DictReader(f))[:n]


def per_item_ms(fn, items):
    fn(items[0])  # warm-up: lazy imports and caches of the first call are not per-structure costs
    t = time.process_time()
    out = [fn(x) for x in items]
    return (time.process_time() - t) / len(items) * 1e3, out


wall = time.perf_counter()
parse_ms, structs = per_item_ms(lambda r: CifParser.from_string(r["cif"]).get_structures(primitive=False)[0], rows)
parse_wall_ms = (time.perf_counter() - wall) / len(rows) * 1e3
niggli_ms, _ = per_item_ms(lambda s: s.get_reduced_structure(), structs)
# distance_matrix is a cached property on the lattice's LLL data only, not on the structure; each call recomputes.
dm_ms, _ = per_item_ms(lambda s: s.distance_matrix, structs)
nl_ms, nl = per_item_ms(lambda s: s.get_neighbor_list(cutoff), structs)
print(json.dumps({"n": len(rows), "parse_ms": parse_ms, "parse_wall_ms": parse_wall_ms, "niggli_ms": niggli_ms, "distance_matrix_ms": dm_ms,
                  "neighbor_list_ms": nl_ms, "neighbor_pairs": int(sum(len(x[0]) for x in nl))}))
