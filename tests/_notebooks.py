"""The course's notebooks, read from the folder: the numbered lessons in order, then every notebook."""

import re
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))
COURSE = [name for name in ALL if re.match(r"\d\d_", name)]
"""The lessons, 00_… onward, in the order a student takes them."""
