"""scipy's χ² survival function and 2×K contingency test, for the χ² helpers of the symmetry diagnostics.

Usage: /usr/bin/python3 test/py/chi2_scipy.py < request.json
Input: {"sf": [[x, dof], …], "tables": [[[row a counts], [row b counts]], …]}.
Prints {"sf": [chi2.sf(x, dof), …], "tables": [[statistic, dof, p], …]} (chi2_contingency without continuity correction).
"""
import json
import sys

from scipy.stats import chi2, chi2_contingency


def main():
    req = json.load(sys.stdin)
    sf = [float(chi2.sf(x, dof)) for x, dof in req["sf"]]
    tables = []
    for t in req["tables"]:
        stat, p, dof, _ = chi2_contingency(t, correction=False)
        tables.append([float(stat), int(dof), float(p)])
    print(json.dumps({"sf": sf, "tables": tables}))


if __name__ == "__main__":
    main()
