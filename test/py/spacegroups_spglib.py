"""Reference space groups from spglib for crystals given as JSON on stdin (cross-check of the symmetry diagnostics).

Usage: /usr/bin/python3 test/py/spacegroups_spglib.py SYMPREC < crystals.json
Input: a JSON list of {"lattice": 9 numbers (rows a, b, c; Å), "frac": 3n numbers, "numbers": n atomic numbers}.
Prints a JSON list with spglib's space-group number of each crystal, or null when spglib finds none.
"""
import json
import sys

import numpy as np
import spglib


def main():
    symprec = float(sys.argv[1])
    out = []
    for c in json.load(sys.stdin):
        cell = (np.array(c["lattice"]).reshape(3, 3), np.array(c["frac"]).reshape(-1, 3), c["numbers"])
        dataset = spglib.get_symmetry_dataset(cell, symprec=symprec)
        out.append(None if dataset is None else int(dataset["number"]))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
