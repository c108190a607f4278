"""Reference for bench/datasets.bench.mjs: load a dataset split the Python way.
usage: /usr/bin/python3 datasets_load.py CSV N
Prints JSON: csv_ms (pandas.read_csv of the whole file), parse_ms (pymatgen CifParser on the first N CIFs), n."""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
from pymatgen.io.cif import CifParser

path, n = sys.argv[1], int(sys.argv[2])
t = time.perf_counter()
df = pd.read_csv(path, float_precision="round_trip")
csv_ms = (time.perf_counter() - t) * 1e3
cifs = list(df["cif"][:n])
t = time.perf_counter()
structs = [CifParser.from_string(c).get_structures(primitive=False)[0] for c in cifs]
parse_ms = (time.perf_counter() - t) * 1e3
print(json.dumps({"csv_ms": csv_ms, "parse_ms": parse_ms, "n": len(structs), "rows": len(df)}))
