# Reference for test/stability/*.test.ts: ASE 3.22's LennardJones, FIRE and ExpCellFilter, and scipy's expm.
# Reads one JSON request on stdin: {"lj": {sigma, epsilon, rc}, "tasks": [...]}; writes one JSON result per task.
#   {"kind": "evaluate", cell, frac, numbers}          -> energy, forces, stress (eV/Å³, 3×3)
#   {"kind": "filter-forces", cell, frac, numbers, q}  -> ExpCellFilter.get_forces() after set_positions(q), and
#                                                         whether it took the exact gradient (not the naive virial)
#   {"kind": "relax", cell, frac, numbers, filter, fmax, steps}
#                                                      -> FIRE(atoms or ExpCellFilter(atoms)).run(fmax, steps): steps,
#                                                         converged, cell, positions, per-step energies and fmax, stress
#   {"kind": "expm", a, e}                              -> scipy expm(a) and expm_frechet(a, e)
import json, sys
import numpy as np
from scipy.linalg import expm, expm_frechet
from ase import Atoms
from ase.calculators.lj import LennardJones
from ase.constraints import ExpCellFilter
from ase.optimize import FIRE
from ase.stress import voigt_6_to_full_3x3_stress

request = json.load(sys.stdin)
lj = request["lj"]


def atoms_of(task):
    atoms = Atoms(numbers=task["numbers"], cell=np.reshape(task["cell"], (3, 3)),
                  scaled_positions=np.reshape(task["frac"], (-1, 3)), pbc=True)
    atoms.calc = LennardJones(sigma=lj["sigma"], epsilon=lj["epsilon"], rc=lj["rc"])
    return atoms


def full_stress(atoms):
    return voigt_6_to_full_3x3_stress(atoms.get_stress()).ravel().tolist()


def run(task):
    kind = task["kind"]
    if kind == "expm":
        a, e = np.reshape(task["a"], (3, 3)), np.reshape(task["e"], (3, 3))
        return {"expm": expm(a).ravel().tolist(), "frechet": expm_frechet(a, e, compute_expm=False).ravel().tolist()}
    atoms = atoms_of(task)
    if kind == "evaluate":
        return {"energy": atoms.get_potential_energy(), "forces": atoms.get_forces().ravel().tolist(), "stress": full_stress(atoms)}
    if kind == "filter-forces":
        ecf = ExpCellFilter(atoms)
        ecf.set_positions(np.reshape(task["q"], (-1, 3)))
        g = ecf.get_forces()
        virial = -atoms.get_volume() * voigt_6_to_full_3x3_stress(atoms.get_stress())
        return {"forces": g.ravel().tolist(), "exact": bool(not np.array_equal(g[len(atoms):], virial))}
    if kind == "relax":
        target = ExpCellFilter(atoms) if task["filter"] else atoms
        opt = FIRE(target, logfile=None)
        energies, fmaxes = [], []

        def observe():
            energies.append(atoms.get_potential_energy())
            fmaxes.append(float(np.sqrt((target.get_forces() ** 2).sum(axis=1).max())))

        opt.attach(observe)
        converged = opt.run(fmax=task["fmax"], steps=task["steps"])
        return {"steps": opt.nsteps, "converged": bool(converged), "cell": atoms.cell[:].ravel().tolist(),
                "positions": atoms.positions.ravel().tolist(), "energies": energies, "fmaxes": fmaxes,
                "stress": full_stress(atoms)}
    raise ValueError(kind)


json.dump([run(t) for t in request["tasks"]], sys.stdout)
