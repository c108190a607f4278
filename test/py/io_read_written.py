"""Read structure files that crystal-workbench wrote, with pymatgen and with ASE (reference for test/crystal/io).

Usage: /usr/bin/python3 test/py/io_read_written.py READER:FORMAT:PATH ...
READER is pymatgen or ase; FORMAT is cif, poscar, extxyz or json. Prints one JSON line per argument:
{"arg", "ok", "error"?, "lattice": 3x3 rows (A), "species": [...], "frac": [[...]], "cart": [[...]] (A),
 "occupancies": [...]}. Every frame of an extxyz file read by ASE is a separate entry in "frames".
"""
import json
import sys
import warnings

warnings.simplefilter("ignore")


def from_pymatgen(fmt, path):
    from pymatgen.core import Structure
    from pymatgen.io.cif import CifParser

    if fmt == "cif":
        s = CifParser(path).get_structures(primitive=False)[0]
    elif fmt == "poscar":
        from pymatgen.io.vasp import Poscar
        s = Poscar.from_file(path, check_for_POTCAR=False).structure
    elif fmt == "json":
        with open(path) as f:
            s = Structure.from_dict(json.load(f))
    else:
        raise ValueError(f"pymatgen does not read {fmt}")
    species, occ, frac, cart = [], [], [], []
    for site in s:
        for sp, o in site.species.items():
            species.append(sp.symbol)
            occ.append(float(o))
            frac.append(site.frac_coords.tolist())
            cart.append(site.coords.tolist())
    return [{"lattice": s.lattice.matrix.tolist(), "species": species, "occupancies": occ, "frac": frac, "cart": cart}]


def from_ase(fmt, path):
    import ase.io

    name = {"cif": "cif", "poscar": "vasp", "extxyz": "extxyz"}[fmt]
    frames = ase.io.read(path, index=":", format=name)
    out = []
    for a in frames:
        out.append({
            "lattice": a.cell.array.tolist(),
            "species": a.get_chemical_symbols(),
            "occupancies": [1.0] * len(a),
            "frac": a.get_scaled_positions(wrap=False).tolist(),
            "cart": a.get_positions().tolist(),
            "info": {k: v for k, v in a.info.items() if isinstance(v, (int, float, str, bool))},
        })
    return out


for arg in sys.argv[1:]:
    reader, fmt, path = arg.split(":", 2)
    try:
        frames = (from_pymatgen if reader == "pymatgen" else from_ase)(fmt, path)
        print(json.dumps({"arg": arg, "ok": True, "frames": frames}))
    except Exception as e:  # noqa: BLE001 - the reference's failure is data for the test
        print(json.dumps({"arg": arg, "ok": False, "error": f"{type(e).__name__}: {e}"}))
