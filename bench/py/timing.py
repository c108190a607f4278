"""The benchmarks' one in-process warm-up policy, as bench/lib/timing.mjs applies it to our side: the first pass is
the cold figure; further passes run until they have taken MIN_WARM_WALL_MS of wall time (wall, not CPU: a parallel
pass spends its CPU in worker processes) and number MIN_WARM_PASSES (at most MAX_PASSES in all); the warm figure is
the median of those later passes. CPU time is this process's (time.process_time), wall time perf_counter."""
import json
import sys
import time

MIN_WARM_WALL_MS = 500
MIN_WARM_PASSES = 1
MAX_PASSES = 50


def time_once(pass_fn):
    """One timed call: (output, process CPU ms, wall ms)."""
    c, w = time.process_time(), time.perf_counter()
    out = pass_fn()
    return out, (time.process_time() - c) * 1e3, (time.perf_counter() - w) * 1e3


def cold_warm(pass_fn, per=1):
    """Cold and warm times of pass_fn divided by per: ({"cold": {cpu_ms, wall_ms}, "warm": {...}, "passes"}, output)."""
    out, cpu, wall = time_once(pass_fn)
    cold = {"cpu_ms": cpu / per, "wall_ms": wall / per}
    warm, spent = [], 0.0
    while len(warm) < MIN_WARM_PASSES or (spent < MIN_WARM_WALL_MS and len(warm) < MAX_PASSES - 1):
        out, cpu, wall = time_once(pass_fn)
        warm.append((cpu, wall))
        spent += wall
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731 - the same upper median as the JS side
    return {"cold": cold, "warm": {"cpu_ms": median([c for c, _ in warm]) / per, "wall_ms": median([w for _, w in warm]) / per},
            "passes": len(warm) + 1}, out


def emit(obj):
    """Prints the script's result as one JSON line (the last line of stdout is what the bench reads)."""
    sys.stdout.write(json.dumps(obj) + "\n")
