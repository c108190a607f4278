"""Executes one notebook with Jupyter (nbconvert's ExecutePreprocessor) and renders it to HTML.

Usage: execute_notebook.py NOTEBOOK OUT_IPYNB OUT_HTML TIMEOUT_SECONDS
Exit 0 on success. On a failing cell: writes the partly executed notebook and its HTML anyway (so the error can be
seen), prints a JSON line {"failed_cell": i, "source": ..., "error": ...} to stdout and exits 3.
"""
import json
import os
import sys

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import CellExecutionError, ExecutePreprocessor


class TrackingExecutePreprocessor(ExecutePreprocessor):
    current = -1

    def preprocess_cell(self, cell, resources, index):
        self.current = index
        return super().preprocess_cell(cell, resources, index)


def cell_error_text(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append("\n".join(out.get("traceback", [])) or f"{out.get('ename')}: {out.get('evalue')}")
    return "".join(parts).strip()


def main():
    src, out_ipynb, out_html, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    nb = nbformat.read(src, as_version=4)
    ep = TrackingExecutePreprocessor(timeout=timeout, kernel_name="tslab")
    failure = None
    try:
        ep.preprocess(nb, {"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
    except CellExecutionError as error:
        cell = nb.cells[ep.current]
        failure = {"failed_cell": ep.current, "source": cell.get("source", ""), "error": cell_error_text(cell) or str(error)}
    nbformat.write(nb, out_ipynb)
    body, _ = HTMLExporter().from_notebook_node(nb)
    with open(out_html, "w", encoding="utf-8") as f:
        f.write(body)
    if failure:
        print(json.dumps(failure))
        sys.exit(3)


if __name__ == "__main__":
    main()
