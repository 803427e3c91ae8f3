"""Re-execute notebooks in place so their stored outputs match the current course_lib.

    python3 tasks.py notebooks                 # every notebook in notebooks/
    python3 tasks.py notebooks 02 03           # only those whose file name starts with 02 or 03

Each notebook runs top to bottom in a fresh kernel, from the notebooks/ folder, exactly as
nbval will run it. A notebook that raises, or ends up larger than 2 MB, makes the command fail.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
MAX_BYTES = 2_000_000


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)  # timestamps would make every run a diff
    nbformat.write(nb, path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{path.name} is {size / 1e6:.2f} MB: over the 2 MB limit")
    return seconds


def main(prefixes: list[str]) -> None:
    paths = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not prefixes or p.name.startswith(tuple(prefixes)))
    if not paths:
        raise SystemExit(f"no notebooks match {prefixes}")
    for path in paths:
        print(f"{path.name}: ", end="", flush=True)
        print(f"executed in {execute(path):.1f} s, {path.stat().st_size / 1e6:.2f} MB", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
