"""In-sandbox half of notebook execution (the host half is harness/env/notebook.ts).

Runs with the grading env's interpreter inside the sandbox:
    run_notebook.py NOTEBOOK --out EXECUTED.ipynb --summary SUMMARY.json --cell-timeout S

Executes code cells in order with a python3 kernel over the ipc transport (so the
kernel opens no TCP socket and any AF_INET connect in the trace is the student's),
stops at the first error or cell timeout, and rewrites the executed notebook and
the summary after every cell, so a phase killed from outside still leaves both.
The notebook's declared kernel is reported, never trusted.
"""
import argparse
import atexit
import json
import os
import re
import shutil
import sys
import tempfile
import time

# Jupyter reads these at import time: keep every runtime and kernelspec file in a
# private folder, and make our own python3 kernelspec the only one found first.
_JUPYTER = tempfile.mkdtemp(prefix="medgrade-jupyter-")
atexit.register(shutil.rmtree, _JUPYTER, True)
os.environ["JUPYTER_PATH"] = _JUPYTER
os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(_JUPYTER, "runtime")
os.environ["JUPYTER_DATA_DIR"] = os.path.join(_JUPYTER, "data")
os.environ["JUPYTER_CONFIG_DIR"] = os.path.join(_JUPYTER, "config")
os.environ["IPYTHONDIR"] = os.path.join(_JUPYTER, "ipython")
os.environ.setdefault("MPLBACKEND", "Agg")

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError  # noqa: E402
from traitlets.config import Config  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TRACEBACK_CAP = 4000


def write_kernelspec() -> None:
    spec_dir = os.path.join(_JUPYTER, "kernels", "python3")
    os.makedirs(spec_dir, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (medgrade)",
        "language": "python",
    }
    with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
        json.dump(spec, f)


def atomic_write(path: str, text: str) -> None:
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def error_from_outputs(cell) -> dict:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            tb = ANSI.sub("", "\n".join(out.get("traceback", [])))
            return {"ename": out.get("ename", ""), "evalue": out.get("evalue", ""), "traceback": tb[-TRACEBACK_CAP:]}
    return {"ename": "Error", "evalue": "", "traceback": ""}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--out", required=True)
    ap.add_argument("--summary", required=True)
    ap.add_argument("--cell-timeout", type=float, default=300)
    args = ap.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    declared = (nb.metadata.get("kernelspec") or {}).get("name") or ""
    code_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    summary = {"cells": len(code_cells), "executed": 0, "error": None, "timedOutCell": None,
               "kernel": declared, "cellSeconds": [], "cellStarted": []}

    def save() -> None:
        atomic_write(args.out, nbformat.writes(nb))
        atomic_write(args.summary, json.dumps(summary))

    save()
    write_kernelspec()
    config = Config()
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(_JUPYTER, "kernel-ipc")
    workdir = os.path.dirname(os.path.abspath(args.notebook))
    client = NotebookClient(
        nb, config=config, kernel_name="python3", timeout=args.cell_timeout,
        allow_errors=False, interrupt_on_timeout=True, resources={"metadata": {"path": workdir}},
    )
    status = 0
    with client.setup_kernel():
        for code_index, cell_index in enumerate(code_cells):
            cell = nb.cells[cell_index]
            started = time.monotonic()
            # Wall-clock start, to place traced file accesses in the cell that made them.
            summary["cellStarted"].append(round(time.time(), 6))
            try:
                client.execute_cell(cell, cell_index)
            except CellTimeoutError:
                summary["timedOutCell"] = code_index
                status = 1
            except CellExecutionError:
                err = error_from_outputs(cell)
                # On timeout nbclient interrupts the kernel, so the cell ends in a
                # KeyboardInterrupt error; that is the timeout, not the student's error.
                if err["ename"] == "KeyboardInterrupt" and time.monotonic() - started >= args.cell_timeout:
                    summary["timedOutCell"] = code_index
                else:
                    summary["error"] = {"cell": code_index, **err}
                status = 1
            except DeadKernelError as e:
                summary["error"] = {"cell": code_index, "ename": "DeadKernelError", "evalue": str(e)[:500], "traceback": ""}
                status = 1
            summary["executed"] += 1
            summary["cellSeconds"].append(round(time.monotonic() - started, 3))
            save()
            if status:
                break
    save()
    return status


if __name__ == "__main__":
    sys.exit(main())
