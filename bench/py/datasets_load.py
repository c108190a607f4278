"""Reference for bench/datasets.bench.mjs: load a dataset split the Python way, under the shared cold/warm policy.
usage: /usr/bin/python3 datasets_load.py CSV N
Prints one JSON line: {"rows": data rows in the file, "n", "csv": times of pandas.read_csv on the whole file,
"load": times per structure of pandas.read_csv(nrows=N) + pymatgen CifParser on those N rows}."""
import sys

import pandas as pd
from pairs import read_cif
from timing import cold_warm, emit

path, n = sys.argv[1], int(sys.argv[2])
csv, df = cold_warm(lambda: pd.read_csv(path, float_precision="round_trip"))


def load():
    return [read_cif(c) for c in pd.read_csv(path, nrows=n, float_precision="round_trip")["cif"]]


times, structs = cold_warm(load, n)
emit({"rows": len(df), "n": len(structs), "csv": csv, "load": times})
