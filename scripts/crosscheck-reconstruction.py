"""Counts, with pymatgen, what `xtal reconstruct` counted: for every row of its CSV (id, cif), the input crystal of the
same id in a dataset CSV (material_id, cif) is matched to the decode with StructureMatcher(ltol 0.3, stol 0.5,
angle_tol 10). Reports get_rms_dist matches (the call CDVAE's and DiffCSP's scripts count, without a validity gate),
the stricter fit, the mean RMS of the matched, and how many decodes keep the input's reduced formula.
usage: /usr/bin/python3 scripts/crosscheck-reconstruction.py RECONSTRUCT.csv DATASET_SPLIT.csv --out FILE.json"""
import csv
import json
import sys
import warnings

import pymatgen
from pymatgen.analysis.structure_matcher import StructureMatcher
from pymatgen.io.cif import CifParser

csv.field_size_limit(1 << 30)


def structure(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CifParser.from_string(text).get_structures(primitive=False)[0]


recon_path, data_path = sys.argv[1], sys.argv[2]
out = sys.argv[sys.argv.index("--out") + 1]
with open(data_path, newline="") as f:
    inputs = {row["material_id"]: row["cif"] for row in csv.DictReader(f)}
matcher = StructureMatcher(ltol=0.3, stol=0.5, angle_tol=10)
rows = matches = fits = same_formula = unparsed = 0
rms = []
with open(recon_path, newline="") as f:
    for row in csv.DictReader(f):
        rows += 1
        try:
            decoded, given = structure(row["cif"]), structure(inputs[row["id"]])
        except Exception:  # a decode pymatgen cannot read counts as unmatched, and is counted
            unparsed += 1
            continue
        r = matcher.get_rms_dist(decoded, given)
        if r is not None:
            matches += 1
            rms.append(float(r[0]))
        fits += bool(matcher.fit(decoded, given))
        same_formula += decoded.composition.reduced_formula == given.composition.reduced_formula
report = {
    "command": "/usr/bin/python3 scripts/crosscheck-reconstruction.py " + " ".join(sys.argv[1:]),
    "pymatgen": pymatgen.core.__version__ if hasattr(pymatgen.core, "__version__") else "unknown",
    "rows": rows, "unparsed": unparsed, "get_rms_dist_matches": matches, "fit_matches": fits,
    "mean_rms_matched": sum(rms) / len(rms) if rms else None, "same_reduced_formula": same_formula,
}
with open(out, "w") as f:
    f.write(json.dumps(report, indent=2) + "\n")
print(json.dumps(report))
