"""Parallel pymatgen reference for the worker-pool row of bench/matcher.bench.mjs: get_rms_dist (CSP tolerances) on
a pairs file over a multiprocessing pool of WORKERS processes, under the shared cold/warm policy (timing.py); the cold
pass includes starting the pool, as our cold pass includes starting the worker threads.
usage: /usr/bin/python3 bench/py/matcher_pool.py PAIRS.jsonl WORKERS
Prints one JSON line: {"match": times per pair, "rms": [r or null, ...]}."""
import multiprocessing
import sys

from pairs import CSP, parse_pairs, read_pair_texts
from pymatgen.analysis.structure_matcher import StructureMatcher
from timing import cold_warm, emit

PAIRS = parse_pairs(read_pair_texts(sys.argv[1]))  # parsed before the fork: workers inherit them
SM = StructureMatcher(**CSP)


def match_one(i):
    r = SM.get_rms_dist(*PAIRS[i])
    return None if r is None else float(r[0])


if __name__ == "__main__":
    workers = int(sys.argv[2])
    pool = []

    def match_all():
        if not pool:
            pool.append(multiprocessing.get_context("fork").Pool(workers))
        return pool[0].map(match_one, range(len(PAIRS)))

    times, rms = cold_warm(match_all, len(PAIRS))
    pool[0].close()
    emit({"match": times, "rms": rms})
