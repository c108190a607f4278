"""The decoder-only transformer of src/models/transformer/ in PyTorch, for the side-by-side benchmark
(bench/transformer.bench.mjs): the same configuration semantics and sizes as ours.

  token embedding E (V x d) + learned positions P (context x d)
  L pre-LayerNorm blocks: x = x + W_o · attn(LN(x)) (causal, H heads, one fused q/k/v projection with bias);
                          x = x + W_2 · GELU(W_1 · LN(x)) (hidden mlp_ratio · d; GELU's tanh form, as GPT-2 and ours)
  final LayerNorm; logits = h · Eᵀ (tied output embedding, no bias); dropout 0 (the bench times the arithmetic only)
  loss = mean next-token cross-entropy over the positions whose mask is 1; Adam (lr 1e-3)

Timed, with one thread (torch.set_num_threads(1): TF.js wasm has no threads in Node):
  train: one step = forward + loss + backward + Adam on a batch [B, T] of random tokens; 3 untimed steps, then the
         median of --steps (the policy of bench/models.bench.mjs on both sides)
  sample: autoregressive generation with a key/value cache, --sample-batch sequences of one BOS token each, sampling
          --sample-tokens new tokens each (temperature 1 multinomial, no early stop); one untimed run, then the median
          of 3; reported as generated tokens per second

usage: /usr/bin/python3 transformer_torch.py --vocab 995 --context 128 --d-model 96 --layers 3 --heads 4 --mlp-ratio 4
                                         --batch 16 --seq 64 --steps 10 --sample-batch 64 --sample-tokens 64
Prints one JSON line: {"params", "train_ms", "sample_tokens_per_s"}.
"""
import argparse
import json
import math
import statistics
import time

import torch
from torch import nn
from torch.nn import functional as F

p = argparse.ArgumentParser()
for name, default in [("vocab", 995), ("context", 128), ("d-model", 96), ("layers", 3), ("heads", 4), ("mlp-ratio", 4),
                      ("batch", 16), ("seq", 64), ("steps", 10), ("sample-batch", 64), ("sample-tokens", 64), ("threads", 1)]:
    p.add_argument(f"--{name}", type=int, default=default)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
D, H = a.d_model, a.heads


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D)
        self.qkv = nn.Linear(D, 3 * D)
        self.proj = nn.Linear(D, D)
        self.ln2 = nn.LayerNorm(D)
        self.fc1 = nn.Linear(D, a.mlp_ratio * D)
        self.fc2 = nn.Linear(a.mlp_ratio * D, D)

    def attend(self, x, cache=None):
        """x [B, T, D] → [B, T, D]; with a cache (dict of k, v [B, H, t, D/H]) the new keys and values are appended."""
        B, T, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D, dim=2)
        q, k, v = (t.view(B, T, H, D // H).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            if "k" in cache:
                k, v = torch.cat([cache["k"], k], 2), torch.cat([cache["v"], v], 2)
            cache["k"], cache["v"] = k, v
        att = (q @ k.transpose(-2, -1)) / math.sqrt(D // H)
        S = k.shape[2]
        causal = torch.ones(T, S, dtype=torch.bool).tril(S - T)
        att = att.masked_fill(~causal, float("-inf")).softmax(-1)
        return self.proj((att @ v).transpose(1, 2).reshape(B, T, D))

    def forward(self, x, cache=None):
        x = x + self.attend(x, cache)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class DecoderTransformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(a.vocab, D)
        self.pos = nn.Parameter(torch.randn(a.context, D) * 0.02)
        self.blocks = nn.ModuleList([Block() for _ in range(a.layers)])
        self.ln = nn.LayerNorm(D)

    def forward(self, tokens, start=0, caches=None):
        x = self.tok(tokens) + self.pos[start:start + tokens.shape[1]]
        for i, b in enumerate(self.blocks):
            x = b(x, None if caches is None else caches[i])
        return self.ln(x) @ self.tok.weight.T


model = DecoderTransformer()
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
g = torch.Generator().manual_seed(1)
tokens = torch.randint(0, a.vocab, (a.batch, a.seq), generator=g)
mask = torch.ones(a.batch, a.seq - 1)  # every target counted


def train_step():
    logits = model(tokens)[:, :-1]  # as ours: the forward pass over all T tokens, the last row unused
    ce = F.cross_entropy(logits.reshape(-1, a.vocab), tokens[:, 1:].reshape(-1), reduction="none")
    loss = (ce * mask.reshape(-1)).sum() / mask.sum()
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


@torch.no_grad()
def sample():
    caches = [{} for _ in model.blocks]
    tok = torch.ones(a.sample_batch, 1, dtype=torch.long)
    for t in range(a.sample_tokens):
        logits = model(tok, t, caches)[:, -1]
        tok = torch.multinomial(logits.softmax(-1), 1, generator=g)
    return tok


for _ in range(3):
    train_step()
times = []
for _ in range(a.steps):
    t0 = time.perf_counter()
    train_step()
    times.append((time.perf_counter() - t0) * 1e3)
sample()
sample_times = []
for _ in range(3):
    t0 = time.perf_counter()
    sample()
    sample_times.append(time.perf_counter() - t0)
print(json.dumps({"params": sum(x.numel() for x in model.parameters()), "train_ms": statistics.median(times),
                  "sample_tokens_per_s": a.sample_batch * a.sample_tokens / statistics.median(sample_times)}))
