"""The core imports NumPy only: importing it must not pull in matplotlib or ipywidgets."""

import subprocess
import sys

CORE = ["course_lib", "course_lib.tuning", "course_lib.objectives", "course_lib.optimizers", "course_lib.descent",
        "course_lib.schedules", "course_lib.data", "course_lib.models"]


def test_core_leaves_plotting_and_widgets_out_of_sys_modules():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "heavy = [m for m in ('matplotlib', 'ipywidgets', 'IPython', 'sympy', 'torch') if m in sys.modules]\n"
        + "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
