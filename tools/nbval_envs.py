"""Run nbval over every notebook under other CPUs' numeric kernels, so a digit that depends on rounding fails.

    python3 tasks.py test                  # runs this after the main suite
    .venv/bin/python tools/nbval_envs.py   # only this: every environment below, two at a time
    .venv/bin/python tools/nbval_envs.py notebooks/07_momentum.ipynb   # only these notebooks

BLAS kernels and NumPy's SIMD loops round differently in the last bit on different CPUs. The
stored outputs must not care: each environment below re-executes every notebook and compares
every stored text output, as nbval does under the machine's default (which the main suite covers).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# What another CPU would pick: OpenBLAS kernels by CPU generation, and NumPy without its AVX2/AVX-512 loops.
ENVIRONMENTS = {
    "OpenBLAS Prescott": {"OPENBLAS_CORETYPE": "Prescott"},
    "OpenBLAS Sandybridge": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "OpenBLAS Haswell": {"OPENBLAS_CORETYPE": "Haswell"},
    "NumPy without AVX2/AVX-512": {"NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"},
}


def _run(name: str, extra: dict, paths: list[str]) -> tuple[str, int, float, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")}
    env.update(extra)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *paths, "--nbval", "--nbval-current-env", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    return name, done.returncode, time.perf_counter() - start, done.stdout + done.stderr


def main(paths: list[str]) -> int:
    paths = paths or ["notebooks"]
    failed = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, code, seconds, output in pool.map(lambda item: _run(*item, paths), ENVIRONMENTS.items()):
            summary = output.strip().splitlines()[-1] if output.strip() else "(no output)"
            print(f"[nbval] {name}: {summary} ({seconds:.0f} s)", flush=True)
            if code:
                failed.append(name)
                print(output, flush=True)
    if failed:
        print(f"[nbval] stored outputs differ under: {', '.join(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
