"""Loads the model definitions of the reference CSPNet, shared/bench/cspnet_torch.py, at chosen sizes.

The shared folder is ../shared beside the repository, else the parent of CRYSTAL_DATA_DIR. The script parses its
arguments, defines mlp/Layer/CSPNet, then builds random data and times training steps; we execute only the part before
the training data (`B, N = a.batch`), with sys.argv set to the sizes wanted, so nothing of the script is copied here.
"""
import os
import sys

MARKER = "\nB, N = a.batch"


def reference_script():
    """Path of bench/cspnet_torch.py in the shared folder; raises FileNotFoundError naming every place looked at."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    folders = [os.path.join(os.path.dirname(root), "shared")]
    if os.environ.get("CRYSTAL_DATA_DIR"):
        folders.append(os.path.dirname(os.path.abspath(os.environ["CRYSTAL_DATA_DIR"].rstrip("/"))))
    paths = [os.path.join(f, "bench", "cspnet_torch.py") for f in folders]
    for p in paths:
        if os.path.isfile(p):
            return p
    raise FileNotFoundError("cspnet_torch.py not found at " + ", ".join(paths))


def load_reference(args):
    """The script's namespace (CSPNet, Layer, mlp, a, H, F, T, torch, ...) after parsing args, e.g. ["--hidden", "16"]."""
    script = reference_script()
    with open(script) as f:
        src = f.read()
    if MARKER not in src:
        raise RuntimeError(f"{script}: the line 'B, N = a.batch' that ends the model definitions is gone")
    ns = {"__name__": "cspnet_reference"}
    saved = sys.argv
    sys.argv = [script] + list(args)
    try:
        exec(compile(src.split(MARKER)[0], script, "exec"), ns)
    finally:
        sys.argv = saved
    return ns
