"""In-process pymatgen reference for bench/matcher.bench.mjs: CifParser and StructureMatcher.get_rms_dist (CSP
tolerances) on a pairs file, serial, under the shared cold/warm policy (timing.py).
usage: /usr/bin/python3 bench/py/matcher_pairs.py PAIRS.jsonl
Prints one JSON line: {"parse": times per pair (both CIFs), "match": times per pair, "rms": [r or null, ...]}."""
import sys

from pairs import CSP, parse_pairs, read_pair_texts
from pymatgen.analysis.structure_matcher import StructureMatcher
from timing import cold_warm, emit

texts = read_pair_texts(sys.argv[1])
parse, pairs = cold_warm(lambda: parse_pairs(texts), len(texts))
sm = StructureMatcher(**CSP)


def match_all():
    return [sm.get_rms_dist(a, b) for a, b in pairs]


match, results = cold_warm(match_all, len(pairs))
emit({"parse": parse, "match": match, "rms": [None if r is None else float(r[0]) for r in results]})
