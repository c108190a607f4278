"""Reference space groups from spglib for the CIFs of a CDVAE-style dataset CSV (cross-check of our moyo bridge).

Usage: /usr/bin/python3 test/py/symmetry_spglib.py CSV[.gz] SYMPREC
Prints one JSON object per line: {"row": i, "id": material_id, "cif": text, "number": spglib number or null}.
The dataset CIFs are pymatgen-written P1 files, read here with a minimal parser (fast), and their sites put in the order
pymatgen's CifParser returns (get_sorted_structure: electronegativity, then symbol), as our readCif does, so that
both codes see the same structure.
"""
import csv
import gzip
import json
import math
import sys

import numpy as np
import spglib
from ase.data import atomic_numbers
from pymatgen.core.periodic_table import Element


def parse_p1_cif(text):
    """Cell parameters and the _atom_site loop (symbol, fract x/y/z) of a P1 CIF."""
    params = {}
    lines = text.splitlines()
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[0].startswith("_cell_length_") or len(parts) == 2 and parts[0].startswith("_cell_angle_"):
            params[parts[0]] = float(parts[1])
    i = 0
    symbols, frac = [], []
    while i < len(lines):
        if lines[i].strip() == "loop_":
            tags = []
            i += 1
            while i < len(lines) and lines[i].strip().startswith("_"):
                tags.append(lines[i].strip())
                i += 1
            if "_atom_site_fract_x" in tags:
                ix, iy, iz = (tags.index(t) for t in ("_atom_site_fract_x", "_atom_site_fract_y", "_atom_site_fract_z"))
                isym = tags.index("_atom_site_type_symbol")
                while i < len(lines) and lines[i].strip() and not lines[i].strip().startswith(("loop_", "_")):
                    p = lines[i].split()
                    symbols.append(p[isym])
                    frac.append([float(p[ix]), float(p[iy]), float(p[iz])])
                    i += 1
                continue
        i += 1
    return params, symbols, np.array(frac)


def lattice_from_parameters(a, b, c, alpha, beta, gamma):
    """pymatgen's Lattice.from_parameters orientation (rows a, b, c)."""
    ar, br, gr = map(math.radians, (alpha, beta, gamma))
    val = (math.cos(ar) * math.cos(br) - math.cos(gr)) / (math.sin(ar) * math.sin(br))
    gamma_star = math.acos(max(-1.0, min(1.0, val)))
    return np.array([
        [a * math.sin(br), 0.0, a * math.cos(br)],
        [-b * math.sin(ar) * math.cos(gamma_star), b * math.sin(ar) * math.sin(gamma_star), b * math.cos(ar)],
        [0.0, 0.0, c],
    ])


def main():
    path, symprec = sys.argv[1], float(sys.argv[2])
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", newline="") as f:
        for row, rec in enumerate(csv.DictReader(f)):
            params, symbols, frac = parse_p1_cif(rec["cif"])
            order = sorted(range(len(symbols)), key=lambda i: (Element(symbols[i]).X, symbols[i]))
            symbols, frac = [symbols[i] for i in order], frac[order]
            lattice = lattice_from_parameters(*(params[k] for k in (
                "_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma")))
            kinds = {s: atomic_numbers[s] for s in symbols}  # Z, as pymatgen passes them
            dataset = spglib.get_symmetry_dataset((lattice, frac, [kinds[s] for s in symbols]), symprec=symprec)
            number = None if dataset is None else int(dataset["number"])
            print(json.dumps({"row": row, "id": rec["material_id"], "cif": rec["cif"], "number": number}))


if __name__ == "__main__":
    main()
