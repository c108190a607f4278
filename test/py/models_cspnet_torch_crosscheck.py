"""One forward/backward pass of the reference CSPNet (shared/bench/cspnet_torch.py) with our weights on our batch.

stdin (JSON, from test/models/cspnet-torch-crosscheck.test.ts):
  config  {hidden, layers, freqs, timeDim, numTypes, typeHead, condition}
  params  {our name: {shape, values (row-major)}}  (src/models/cspnet/params.ts names and layouts)
  batch   {types: Z per atom or soft type rows [N][numTypes], frac [N][3], lattices [B][3][3] (rows a, b, c),
           time [B], receivers [E], senders [E], crystal [N], condition: [B][2] when config.condition}
  targets {coord, latticeInvariant, lattice, typeLogits when config.typeHead} flat, row-major
stdout (JSON): {outputs: {coord, latticeInvariant, lattice, typeLogits?} flat, loss, grads: {our name: flat}}

The reference's forward is used unchanged. Around it, with what it lacks stated here:
  - the time embedding is computed outside its model in the script; restated from its lines (ω_k = 10000^(−k/(T/2)));
  - edges: its (src, dst) are our (receiver i, sender j); deg = edges per receiver (n − 1, as the script's);
  - lattice = (9 head numbers as 3×3) · L, DiffCSP's `ip` output, which the script omits;
  - soft types (de novo): the embedding is applied as types @ emb.weight instead of a lookup;
  - condition: Linear(2 → H) of [value, present], gathered per atom, added to the output of `inp` (a forward hook);
  - type head: Linear(H → numTypes) on the final h, the input of `coord` (captured by a forward hook).
loss = Σ over the outputs of MSE(output, target).
"""
import json
import sys

from cspnet_reference import load_reference

req = json.load(sys.stdin)
cfg, params, batch, targets = req["config"], req["params"], req["batch"], req["targets"]
H, L = cfg["hidden"], cfg["layers"]
sizes = [len([c for c in batch["crystal"] if c == b]) for b in range(len(batch["time"]))]
if len(set(sizes)) != 1:
    sys.exit(f"the reference pools with 1 / a.atoms: every crystal needs the same atom count, got {sizes}")
ns = load_reference(["--hidden", str(H), "--layers", str(L), "--freqs", str(cfg["freqs"]),
                     "--time-dim", str(cfg["timeDim"]), "--atoms", str(sizes[0])])
torch, nn, math = ns["torch"], ns["nn"], ns["math"]
if cfg["numTypes"] != 100:
    sys.exit("the reference embeds 100 atom types")

model = ns["CSPNet"]()
ext = nn.ModuleDict()
if cfg["condition"]:
    ext["cond"] = nn.Linear(2, H)
if cfg["typeHead"]:
    ext["type_out"] = nn.Linear(H, cfg["numTypes"])
whole = nn.ModuleDict({"net": model, "ext": ext})


def mapping():
    """(torch parameter, our names stacked along the input rows, transposed?) for every parameter of `whole`."""
    m = [("net.emb.weight", ["embed.W"], False), ("net.inp.weight", ["input.W"], True), ("net.inp.bias", ["input.b"], False)]
    if cfg["condition"]:
        m += [("ext.cond.weight", ["cond.W"], True), ("ext.cond.bias", ["cond.b"], False)]
    for l in range(L):
        t, o = f"net.layers.{l}", f"layer{l}"
        m += [
            (f"{t}.edge.0.weight", [f"{o}.edge1.Wi", f"{o}.edge1.Wj", f"{o}.edge1.Wg", f"{o}.edge1.Wf"], True),
            (f"{t}.edge.0.bias", [f"{o}.edge1.b"], False),
            (f"{t}.edge.2.weight", [f"{o}.edge2.W"], True), (f"{t}.edge.2.bias", [f"{o}.edge2.b"], False),
            (f"{t}.node.0.weight", [f"{o}.node1.W"], True), (f"{t}.node.0.bias", [f"{o}.node1.b"], False),
            (f"{t}.node.2.weight", [f"{o}.node2.W"], True), (f"{t}.node.2.bias", [f"{o}.node2.b"], False),
            (f"{t}.norm.weight", [f"{o}.norm.gamma"], False), (f"{t}.norm.bias", [f"{o}.norm.beta"], False),
        ]
    m += [("net.coord.weight", ["coord.W"], True), ("net.coord.bias", ["coord.b"], False),
          ("net.latt.weight", ["lattice.W"], True), ("net.latt.bias", ["lattice.b"], False)]
    if cfg["typeHead"]:
        m += [("ext.type_out.weight", ["type.W"], True), ("ext.type_out.bias", ["type.b"], False)]
    return m


named = dict(whole.named_parameters())
MAP = mapping()
torch_names = [t for t, _, _ in MAP]
our_names = [o for _, ours, _ in MAP for o in ours]
if sorted(torch_names) != sorted(named) or len(set(torch_names)) != len(torch_names):
    sys.exit(f"mapping does not cover each torch parameter once: {sorted(set(named) ^ set(torch_names))}")
if sorted(our_names) != sorted(params) or len(set(our_names)) != len(our_names):
    sys.exit(f"mapping does not use each of our parameters once: {sorted(set(params) ^ set(our_names))}")
with torch.no_grad():
    for tname, ours, transposed in MAP:
        blocks = [torch.tensor(params[o]["values"], dtype=torch.float32).reshape(params[o]["shape"]) for o in ours]
        value = torch.cat(blocks, 0) if len(blocks) > 1 else blocks[0]
        value = value.T if transposed else value
        if tuple(value.shape) != tuple(named[tname].shape):
            sys.exit(f"{tname}: shape {tuple(named[tname].shape)}, ours {ours} give {tuple(value.shape)}")
        named[tname].copy_(value)

f32 = lambda x: torch.tensor(x, dtype=torch.float32)
soft = isinstance(batch["types"][0], list)
types = f32(batch["types"]) if soft else torch.tensor(batch["types"], dtype=torch.long)
if soft:
    model.emb.forward = lambda x: x @ model.emb.weight
frac, lattices, time = f32(batch["frac"]), f32(batch["lattices"]), f32(batch["time"]).reshape(-1, 1)
src, dst = torch.tensor(batch["receivers"]), torch.tensor(batch["senders"])
crystal_of = torch.tensor(batch["crystal"])
B, N = lattices.shape[0], frac.shape[0]
deg = torch.bincount(src, minlength=N).float().reshape(-1, 1)
half = cfg["timeDim"] // 2
freqs = torch.exp(-math.log(10000) * torch.arange(half) / half)
t_emb = torch.cat([torch.sin(time * freqs), torch.cos(time * freqs)], dim=1)
if cfg["condition"]:
    cond = f32(batch["condition"])
    model.inp.register_forward_hook(lambda mod, inp, out: out + ext["cond"](cond)[crystal_of])
final_h = {}
model.coord.register_forward_hook(lambda mod, inp, out: final_h.update(h=inp[0]))

coord, latt9 = model(types, t_emb, frac, lattices, src, dst, crystal_of, deg, B)
outputs = {"coord": coord, "latticeInvariant": latt9, "lattice": (latt9.reshape(-1, 3, 3) @ lattices).reshape(-1, 9)}
if cfg["typeHead"]:
    outputs["typeLogits"] = ext["type_out"](final_h["h"])
loss = sum(((out - f32(targets[k]).reshape(out.shape)) ** 2).mean() for k, out in outputs.items())
loss.backward()

grads = {}
for tname, ours, transposed in MAP:
    g = named[tname].grad
    g = g.T if transposed else g
    rows = [params[o]["shape"][0] for o in ours]
    for o, block in zip(ours, torch.split(g, rows, 0)):
        grads[o] = block.reshape(-1).tolist()
json.dump({"outputs": {k: v.detach().reshape(-1).tolist() for k, v in outputs.items()}, "loss": loss.item(), "grads": grads},
          sys.stdout)
