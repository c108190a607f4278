"""What `xtal match --pairs FILE --csp` does, with pymatgen, for timing the two as whole processes from a cold start:
read the JSON lines {"a": CIF, "b": CIF}, parse both CIFs of each line (CifParser), StructureMatcher.get_rms_dist with
the CSP tolerances, print one line {"match": bool, "rms": r or null} per input line, in order, serially.
usage: /usr/bin/python3 bench/py/match_pairs_cli.py PAIRS.jsonl"""
import json
import sys

from pairs import CSP, read_cif, read_pair_texts
from pymatgen.analysis.structure_matcher import StructureMatcher

sm = StructureMatcher(**CSP)
for a, b in read_pair_texts(sys.argv[1]):
    r = sm.get_rms_dist(read_cif(a), read_cif(b))
    sys.stdout.write(json.dumps({"match": r is not None, "rms": None if r is None else float(r[0])}) + "\n")
