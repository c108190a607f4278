"""Prints the parameter count of the reference CSPNet in shared/bench/cspnet_torch.py for given sizes.

usage: models_cspnet_params.py --hidden H --layers L --freqs F [--time-dim T]
"""
import sys

from cspnet_reference import load_reference

model = load_reference(sys.argv[1:])["CSPNet"]()
print(sum(p.numel() for p in model.parameters()))
