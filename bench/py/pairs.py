"""Reads the benchmarks' pairs file (JSON lines {"a": CIF, "b": CIF}, as `xtal match --pairs` takes) with pymatgen."""
import json
import warnings

from pymatgen.io.cif import CifParser

CSP = {"ltol": 0.3, "stol": 0.5, "angle_tol": 10}  # the CSP preset of `xtal match --csp` (CSP_MATCHER)


def read_cif(text):
    """The first structure of a CIF text, as pymatgen_anchor.py parses it (CifParser, primitive=False)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CifParser.from_string(text).get_structures(primitive=False)[0]


def read_pair_texts(path):
    """[(cif_a, cif_b)] in file order."""
    with open(path) as f:
        return [(d["a"], d["b"]) for d in map(json.loads, filter(str.strip, f))]


def parse_pairs(texts):
    """[(Structure, Structure)] from read_pair_texts."""
    return [(read_cif(a), read_cif(b)) for a, b in texts]
