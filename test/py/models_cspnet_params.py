"""Prints the parameter count of the reference CSPNet in /work/shared/bench/cspnet_torch.py for given sizes.

Runs the script's own argument parsing and model definitions (everything before the training data is built),
then constructs CSPNet() and counts its parameters. usage: models_cspnet_params.py --hidden H --layers L --freqs F [--time-dim T]
"""
import os
import sys

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "cspnet_torch.py")
src = open(SCRIPT).read()
definitions = src.split("\nB, N = a.batch")[0]
ns = {"__name__": "cspnet_reference"}
sys.argv = [SCRIPT] + sys.argv[1:]
exec(compile(definitions, SCRIPT, "exec"), ns)
model = ns["CSPNet"]()
print(sum(p.numel() for p in model.parameters()))
