"""PyTorch reference of src/models/m3gnet (the workbench's TF.js port of matgl's pretrained M3GNet), written from our
TypeScript as the specification (no matgl code): the same safetensors weights and model.json, on a graph our side
built (buildM3gnetGraph), so both sides run the same bonds and triples.

Independent of ours where it can be: the Bessel roots and normalisations come from scipy (spherical_jn, brentq), Y_l^0
from Bonnet's recurrence on cos θ, the bond-input layers take [v_source, v_target, e] concatenated (matgl's layout; ours
splits the weight), the set2set LSTM is torch.nn.LSTM, and forces and stress are autograd derivatives with respect to
the positions and a per-crystal strain ε (positions and image shifts deformed by I + ε) where ours differentiates with
respect to the bond vectors: F = −∂E/∂r (eV/Å), σ = (1/V) ∂E/∂ε (GPa).

Graph file (JSON, src/models/m3gnet/graph.ts m3gnetGraphJson): numCrystals, nodeTypes [N], atomCrystal [N], bondCrystal,
bondSource, bondTarget [E], bondShift [E·3], positions [N·3] (Å), lattices [B·9] (rows a, b, c), tripleReceiver,
tripleSender, tripleEndAtom [T].

usage (GRAPH.json "-": read the graph from stdin):
  m3gnet_torch.py evaluate MODEL_DIR GRAPH.json [--dtype float64|float32]
      prints {"energies", "forces", "stresses"} (a potential) or {"eform"} (eV/atom, an intensive model), flat lists
  m3gnet_torch.py time MODEL_DIR GRAPH.json [--dtype float32] [--threads 1]
      the same computation under the benchmarks' cold/warm policy (timing.py), per crystal; prints {"time", "crystals"}
  m3gnet_torch.py memory MODEL_DIR GRAPH.json [--dtype float32] [--threads 1]
      one pass (the process's first): the rise of its peak resident memory above the resident memory before it (Linux
      /proc: VmHWM reset through clear_refs, then VmHWM − VmRSS); prints {"peak_rss_rise_bytes"}
"""
import argparse
import json
import math
import os
import re
import struct
import sys

import numpy as np
import torch
from scipy.optimize import brentq
from scipy.special import spherical_jn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from timing import cold_warm, emit  # noqa: E402

GPA_PER_EV_PER_A3 = 160.21766208


def read_safetensors(path):
    """name -> float32 numpy array of a safetensors file (8-byte LE header length, JSON header, raw LE data)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {entry['dtype']}, only F32 is read")
        start, end = entry["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + start:8 + n + end], dtype="<f4").reshape(entry["shape"])
    return out


def read_config(path):
    """Architecture and output scaling of matgl's model.json (a Potential or an intensive TransformedTargetModel)."""
    with open(path) as f:
        js = json.load(f)
    a = js["kwargs"]["model"]["init_args"]
    cfg = {"cutoff": a["cutoff"], "threebody_cutoff": a["threebody_cutoff"], "max_n": a["max_n"], "max_l": a["max_l"],
           "nblocks": a["nblocks"], "set2set_iterations": a["niters_set2set"], "set2set_layers": a["nlayers_set2set"]}
    number = r"([-+0-9.eE]+)"
    if js["@class"] == "Potential":
        scalar = lambda key: float(re.match(r"tensor\(\s*" + number, js["kwargs"][key]).group(1))  # noqa: E731
        return {**cfg, "kind": "potential", "mean": scalar("data_mean"), "std": scalar("data_std")}
    m = re.search(r"Mean=\s*" + number + r",\s*Std:\s*" + number, js["kwargs"]["target_transformer"])
    return {**cfg, "kind": "intensive", "mean": float(m.group(1)), "std": float(m.group(2))}


def bessel_constants(max_l, max_n, cutoff):
    """Roots z_ln of j_l (first max_n) and sqrt(2/r_c³)/|j_{l+1}(z_ln)|, [max_l, max_n] each (scipy)."""
    roots = np.zeros((max_l, max_n))
    for l in range(max_l):
        grid = np.arange(0.5 + l, 60.0, 0.01)
        values = spherical_jn(l, grid)
        brackets = np.nonzero(np.sign(values[:-1]) != np.sign(values[1:]))[0][:max_n]
        roots[l] = [brentq(lambda x: spherical_jn(l, x), grid[i], grid[i + 1], xtol=1e-15) for i in brackets]
    norms = math.sqrt(2 / cutoff ** 3) / np.abs(np.stack([spherical_jn(l + 1, roots[l]) for l in range(max_l)]))
    return roots, norms


class M3gnet:
    """One pretrained model on one device/dtype: weights, constants and the forward pass."""

    def __init__(self, model_dir, dtype):
        self.cfg = read_config(os.path.join(model_dir, "model.json"))
        self.dtype = dtype
        self.w = {k: torch.tensor(v, dtype=dtype) for k, v in read_safetensors(os.path.join(model_dir, "model.safetensors")).items()}
        roots, norms = bessel_constants(self.cfg["max_l"], self.cfg["max_n"], self.cfg["cutoff"])
        self.roots, self.norms = torch.tensor(roots, dtype=dtype), torch.tensor(norms, dtype=dtype)
        if self.cfg["kind"] == "intensive":
            d = self.w["model.embedding.layer_node_embedding.weight"].shape[1]
            self.lstm = torch.nn.LSTM(2 * d, d, num_layers=self.cfg["set2set_layers"]).to(dtype)
            self.lstm.load_state_dict({k[len("model.readout.set2set.lstm."):]: v for k, v in self.w.items() if k.startswith("model.readout.set2set.lstm.")})

    def dense(self, x, name):
        y = x @ self.w[f"{name}.weight"].T
        return y + self.w[f"{name}.bias"] if f"{name}.bias" in self.w else y

    def gated_mlp(self, x, prefix, depth, activate_last):
        """matgl's GatedMLP: value Linear→swish… (last swish only if activate_last) ⊙ gate Linear→swish…→sigmoid."""
        value, gate = x, x
        for i in range(depth):
            value, gate = self.dense(value, f"{prefix}.layers.{2 * i}"), self.dense(gate, f"{prefix}.gates.{2 * i}")
            last = i == depth - 1
            value = torch.nn.functional.silu(value) if not last or activate_last else value
            gate = torch.sigmoid(gate) if last else torch.nn.functional.silu(gate)
        return value * gate

    def radial_basis(self, r):
        """j_l(z_ln r/r_c) · norm_ln for r ≤ r_c (r clamped), [E, max_l·max_n], l-major (upward recurrence)."""
        x = (torch.clamp(r, max=self.cfg["cutoff"]) / self.cfg["cutoff"]).reshape(-1, 1)
        blocks = []
        for l in range(self.cfg["max_l"]):
            z = x * self.roots[l]
            j = [torch.sin(z) / z, torch.sin(z) / z ** 2 - torch.cos(z) / z]
            for k in range(1, l):
                j.append((2 * k + 1) / z * j[k] - j[k - 1])
            blocks.append(j[l] * self.norms[l])
        return torch.cat(blocks, 1)

    def zonal_harmonics(self, cos_theta):
        """sqrt((2l+1)/4π) P_l(cos θ) for l < max_l, each repeated max_n times, [T, max_l·max_n]."""
        p = [torch.ones_like(cos_theta), cos_theta]
        for l in range(1, self.cfg["max_l"] - 1):
            p.append(((2 * l + 1) * cos_theta * p[l] - l * p[l - 1]) / (l + 1))
        y = torch.stack([math.sqrt((2 * l + 1) / (4 * math.pi)) * p[l] for l in range(self.cfg["max_l"])], 1)
        return y.repeat_interleave(self.cfg["max_n"], 1)

    def envelope(self, r):
        x = torch.clamp(r / self.cfg["threebody_cutoff"], max=1.0)
        return 1 - 10 * x ** 3 + 15 * x ** 4 - 6 * x ** 5

    def node_features(self, g, vectors):
        """Node features after the interaction blocks from the bond vectors r_target + shift − r_source [E, 3]."""
        length = torch.linalg.norm(vectors, dim=1)
        rbf = self.radial_basis(length)
        recv, send = g["tripleReceiver"], g["tripleSender"]
        cos_theta = torch.clamp((vectors[recv] * vectors[send]).sum(1) / (length[recv] * length[send]), -1 + 1e-7, 1 - 1e-7)
        env = self.envelope(length)
        # three-body basis of each triple: radial basis of the sending bond × Y_l^0 × both envelopes
        three_body = rbf[send] * self.zonal_harmonics(cos_theta) * (env[recv] * env[send]).reshape(-1, 1)
        node = self.w["model.embedding.layer_node_embedding.weight"][g["nodeTypes"]]
        edge = torch.nn.functional.silu(self.dense(rbf, "model.embedding.layer_edge_embedding.layers.0"))
        src, dst = g["bondSource"], g["bondTarget"]
        for b in range(self.cfg["nblocks"]):
            three = f"model.three_body_interactions.{b}"
            atom_gate = torch.sigmoid(self.dense(node, f"{three}.update_network_atom.layers.0"))
            messages = three_body * atom_gate[g["tripleEndAtom"]]
            new_bonds = torch.zeros(edge.shape[0], messages.shape[1], dtype=self.dtype).index_add_(0, recv, messages)
            edge = edge + self.gated_mlp(new_bonds, f"{three}.update_network_bond", 1, True)
            conv = f"model.graph_layers.{b}.conv"
            edge_in = torch.cat([node[src], node[dst], edge], 1)
            edge = edge + self.gated_mlp(edge_in, f"{conv}.edge_update_func", 3, True) * self.dense(rbf, f"{conv}.edge_weight_func")
            node_in = torch.cat([node[src], node[dst], edge], 1)
            msg = self.gated_mlp(node_in, f"{conv}.node_update_func", 3, True) * self.dense(rbf, f"{conv}.node_weight_func")
            node = node + torch.zeros_like(node).index_add_(0, dst, msg)  # messages onto each bond's target atom
        return node

    def energies(self, g, vectors):
        """Total energies (eV) per crystal: atomwise gated readout summed, scaled, plus the element reference energies."""
        per_atom = self.gated_mlp(self.node_features(g, vectors), "model.final_layer.gated", 4, False).reshape(-1)
        per_atom = per_atom * self.cfg["std"] + self.w["element_refs.property_offset"][g["nodeTypes"]]
        return torch.zeros(g["numCrystals"], dtype=self.dtype).index_add_(0, g["atomCrystal"], per_atom) + self.cfg["mean"]

    def potential(self, g):
        """(energies [B], forces [N, 3], stresses [B, 3, 3] GPa) by autograd w.r.t. positions and a per-crystal strain."""
        positions = g["positions"].clone().requires_grad_(True)
        strain = torch.zeros(g["numCrystals"], 3, 3, dtype=self.dtype, requires_grad=True)
        deform = torch.eye(3, dtype=self.dtype) + strain
        moved = torch.einsum("ni,nij->nj", positions, deform[g["atomCrystal"]])
        shifts = torch.einsum("ei,eij->ej", g["bondShift"], deform[g["bondCrystal"]])
        vectors = moved[g["bondTarget"]] + shifts - moved[g["bondSource"]]
        energies = self.energies(g, vectors)
        d_positions, d_strain = torch.autograd.grad(energies.sum(), [positions, strain])
        volumes = torch.linalg.det(g["lattices"]).abs().reshape(-1, 1, 1)
        return energies.detach(), -d_positions, d_strain / volumes * GPA_PER_EV_PER_A3

    def formation_energies(self, g):
        """Formation energies (eV/atom): set2set over each crystal's atoms (nn.LSTM), then the final MLP, scaled."""
        with torch.no_grad():
            vectors = g["positions"][g["bondTarget"]] + g["bondShift"] - g["positions"][g["bondSource"]]
            node = self.node_features(g, vectors)
            crystal, B = g["atomCrystal"], g["numCrystals"]
            counts = torch.bincount(crystal, minlength=B)
            slot = torch.arange(len(crystal)) - (torch.cumsum(counts, 0) - counts)[crystal]  # index within its crystal (atoms contiguous)
            d = node.shape[1]
            state = (torch.zeros(self.cfg["set2set_layers"], B, d, dtype=self.dtype),) * 2
            q_star = torch.zeros(B, 2 * d, dtype=self.dtype)
            for _ in range(self.cfg["set2set_iterations"]):
                out, state = self.lstm(q_star.unsqueeze(0), state)
                q = out[0]
                # attention: torch.softmax over each crystal's row of a [B, most atoms] table padded with −∞
                scores = torch.full((B, int(slot.max()) + 1), -math.inf, dtype=self.dtype)
                scores[crystal, slot] = (node * q[crystal]).sum(1)
                alpha = torch.softmax(scores, 1)[crystal, slot]
                q_star = torch.cat([q, torch.zeros(B, d, dtype=self.dtype).index_add_(0, crystal, node * alpha.reshape(-1, 1))], 1)
            x = torch.nn.functional.silu(self.dense(q_star, "model.final_layer.layers.0"))
            x = torch.nn.functional.silu(self.dense(x, "model.final_layer.layers.2"))
            return self.dense(x, "model.final_layer.layers.4").reshape(-1) * self.cfg["std"] + self.cfg["mean"]

    def run(self, g):
        """The model's whole computation on one graph: potential → (E, F, σ), intensive → formation energies."""
        return self.potential(g) if self.cfg["kind"] == "potential" else self.formation_energies(g)


def read_graph(path, dtype):
    """The graph file ("-": stdin) as tensors (index arrays int64, geometry in dtype; bondShift [E, 3], lattices [B, 3, 3])."""
    with open(0 if path == "-" else path) as f:
        js = json.load(f)
    g = {"numCrystals": js["numCrystals"]}
    for key in ["nodeTypes", "atomCrystal", "bondCrystal", "bondSource", "bondTarget", "tripleReceiver", "tripleSender", "tripleEndAtom"]:
        g[key] = torch.tensor(js[key], dtype=torch.long)
    g["positions"] = torch.tensor(js["positions"], dtype=dtype).reshape(-1, 3)
    g["bondShift"] = torch.tensor(js["bondShift"], dtype=dtype).reshape(-1, 3)
    g["lattices"] = torch.tensor(js["lattices"], dtype=dtype).reshape(-1, 3, 3)
    return g


def peak_rss_rise(fn):
    """Bytes by which the process's peak resident memory (VmHWM, reset first) rises above its resident memory during fn()."""
    status = lambda key: int(next(l for l in open("/proc/self/status") if l.startswith(key)).split()[1]) * 1024  # noqa: E731
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = status("VmRSS:")
    fn()
    return status("VmHWM:") - before


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["evaluate", "time", "memory"])
    parser.add_argument("model_dir")
    parser.add_argument("graph")
    parser.add_argument("--dtype", choices=["float64", "float32"])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    dtype = getattr(torch, args.dtype or ("float64" if args.mode == "evaluate" else "float32"))
    torch.set_num_threads(args.threads)
    model = M3gnet(args.model_dir, dtype)
    g = read_graph(args.graph, dtype)
    if args.mode == "time":
        times, _ = cold_warm(lambda: model.run(g), g["numCrystals"])
        emit({"time": times, "crystals": g["numCrystals"], "threads": torch.get_num_threads(), "dtype": str(dtype)})
    elif args.mode == "memory":
        emit({"peak_rss_rise_bytes": peak_rss_rise(lambda: model.run(g)), "dtype": str(dtype)})
    elif model.cfg["kind"] == "potential":
        energies, forces, stresses = model.run(g)
        emit({"energies": energies.tolist(), "forces": forces.reshape(-1).tolist(), "stresses": stresses.reshape(-1).tolist()})
    else:
        emit({"eform": model.run(g).tolist()})


if __name__ == "__main__":
    main()
