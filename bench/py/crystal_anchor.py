"""pymatgen timings for the crystal-core benchmark (bench/crystal.bench.mjs), on the first N rows of a dataset CSV.
usage: /usr/bin/python3 crystal_anchor.py DATA_CSV[.gz] N CUTOFF
Parses every CIF as pymatgen_anchor.py does (CifParser, primitive=False), then times per structure, under the shared
cold/warm policy (timing.py): Structure.get_reduced_structure() (Niggli), Structure.distance_matrix,
Structure.get_neighbor_list(CUTOFF). Prints one JSON line: {"n", "parse", "niggli", "distance_matrix",
"neighbor_list" (each {"cold", "warm", "passes"}), "neighbor_pairs"}."""
import csv
import gzip
import sys

from pairs import read_cif
from timing import cold_warm, emit

csv.field_size_limit(1 << 30)
path, n, cutoff = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
op = gzip.open if path.endswith(".gz") else open
with op(path, "rt") as f:
    cifs = [r["cif"] for r in csv.DictReader(f)][:n]

parse, structs = cold_warm(lambda: [read_cif(c) for c in cifs], len(cifs))
niggli, _ = cold_warm(lambda: [s.get_reduced_structure() for s in structs], len(structs))
# distance_matrix is a property that recomputes on every access.
dm, _ = cold_warm(lambda: [s.distance_matrix for s in structs], len(structs))
nl, lists = cold_warm(lambda: [s.get_neighbor_list(cutoff) for s in structs], len(structs))
emit({"n": len(cifs), "parse": parse, "niggli": niggli, "distance_matrix": dm, "neighbor_list": nl,
      "neighbor_pairs": int(sum(len(x[0]) for x in lists))})
