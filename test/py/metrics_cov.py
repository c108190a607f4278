# Reference for test/metrics/coverage.test.ts: CDVAE compute_cov semantics (numpy/scipy cdist) on the golden per-structure
# fingerprint vectors, plus scipy pdist diversity.
import os
import json, sys
import numpy as np
from scipy.spatial.distance import cdist, pdist
g = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "golden", "metrics-golden.json")))["per_structure"]
S = np.array([p["struct_fp"] for p in g]); C = np.array([p["comp_fp_scaled"] for p in g])
def cov(gi, ri, ds, dc, n_gen):
    sd = cdist(S[gi], S[ri]); cd = cdist(C[gi], C[ri])
    sr, cr = sd.min(0), cd.min(0); sp, cp = sd.min(1), cd.min(1)
    return dict(cov_recall=float(np.mean((sr <= ds) & (cr <= dc))), cov_precision=float(np.sum((sp <= ds) & (cp <= dc)) / n_gen),
                amsd_recall=float(sr.mean()), amsd_precision=float(sp.mean()), amcd_recall=float(cr.mean()), amcd_precision=float(cp.mean()))
out = {
  "gen01_ref12": cov([0, 1], [1, 2], 0.2, 4, 2),
  "gen01_ref12_loose": cov([0, 1], [1, 2], 1.0, 100, 2),
  # one generated crystal failed its fingerprint: 3 generated, 2 kept
  "gen0f2_ref1": cov([0, 2], [1], 0.5, 8, 3),
  "div_struct": float(pdist(S).mean()), "div_comp": float(pdist(C).mean()),
}
json.dump(out, sys.stdout)
