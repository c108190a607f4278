"""Reference values for the datasets/CLI tests, from pandas and pymatgen (Debian /usr/bin/python3).

usage: datasets_reference.py csv PATH           -> JSON: rows, columns, ids, every numeric column as a list
       datasets_reference.py info SYMPREC CIF…   -> JSON list: pymatgen formula, nsites, lattice, volume, density, space group
"""
import json
import sys
import warnings

warnings.filterwarnings("ignore")


def csv_summary(path):
    import pandas as pd

    df = pd.read_csv(path, float_precision="round_trip")
    out = {"rows": len(df), "columns": list(df.columns), "ids": [str(x) for x in df["material_id"]]}
    numeric = {}
    for c in df.columns:
        if c in ("cif", "cif.conv", "material_id") or c.startswith("Unnamed: 0"):
            continue
        if df[c].dtype.kind in "if":
            numeric[c] = [float(x) for x in df[c]]
        elif df[c].dtype.kind == "b":
            numeric[c] = [bool(x) for x in df[c]]
    out["values"] = numeric
    return out


def info(symprec, paths):
    from pymatgen.core import Structure
    from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

    rows = []
    for p in paths:
        s = Structure.from_file(p)
        sga = SpacegroupAnalyzer(s, symprec=symprec)
        a, b, c = s.lattice.abc
        al, be, ga = s.lattice.angles
        rows.append({
            "formula": s.composition.reduced_formula, "nsites": len(s), "a": a, "b": b, "c": c,
            "alpha": al, "beta": be, "gamma": ga, "volume": s.volume, "density": float(s.density),
            "number": sga.get_space_group_number(), "symbol": sga.get_space_group_symbol(),
        })
    return rows


if __name__ == "__main__":
    if sys.argv[1] == "csv":
        print(json.dumps(csv_summary(sys.argv[2])))
    elif sys.argv[1] == "info":
        print(json.dumps(info(float(sys.argv[2]), sys.argv[3:])))


def ewald(rows):
    """rows: [[cif_text, {element: charge}], …] → pymatgen EwaldSummation total energy per atom (eV/atom) and spglib space group.

    Charges go by element: pymatgen's CifParser may reorder sites."""
    from pymatgen.analysis.ewald import EwaldSummation
    from pymatgen.core import Structure
    from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

    out = []
    for cif, charges in rows:
        s = Structure.from_str(cif, fmt="cif")
        s.add_oxidation_state_by_element(charges)
        e = EwaldSummation(s, acc_factor=12.0).total_energy / len(s) if any(charges.values()) else 0.0
        out.append({"energy": e, "number": SpacegroupAnalyzer(s, symprec=1e-3).get_space_group_number()})
    return out


if __name__ == "__main__" and sys.argv[1] == "ewald":
    print(json.dumps(ewald(json.load(sys.stdin))))
