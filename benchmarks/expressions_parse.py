"""How long a typed formula takes to become an objective, and what its compiled code costs.

Prints, in one run:
1. the time to parse, differentiate and compile formulas students type (test functions of
   optimisation), each cold (SymPy's caches cleared), and the worst accepted formulas of the
   families that grow fastest under differentiation (products, nesting, towers);
2. the time to refuse hostile inputs;
3. the evaluation time of Rosenbrock's f, grad and Hessian on a 200 × 200 grid, from the
   formula versus the hand-written core objective, as a ratio.

    .venv/bin/python benchmarks/expressions_parse.py
"""

import time

import numpy as np
import sympy.core.cache

from course_lib import expressions, objectives


def cold_parse(text: str) -> tuple[float, str]:
    """Seconds to parse ``text`` with empty caches, and "" or the reason it was refused."""
    expressions._symbolic.cache_clear()
    sympy.core.cache.clear_cache()
    start = time.perf_counter()
    try:
        expressions.parse_objective(text)
        outcome = ""
    except ValueError as error:
        outcome = f"  refused: {str(error)[:60]}"
    return time.perf_counter() - start, outcome


def refuse_seconds(text: str) -> float:
    start = time.perf_counter()
    try:
        expressions.parse_objective(text)
    except ValueError:
        return time.perf_counter() - start
    raise AssertionError(f"{text!r} was accepted")


TYPICAL = {
    "issue, 1-D": "x**4 - 3*x**2 + sin(5*x)",
    "Rosenbrock": "(1-x)**2 + 100*(y-x**2)**2",
    "Himmelblau": "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
    "Beale": "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
    "Rastrigin": "20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)",
    "Ackley": "-20*exp(-0.2*sqrt(0.5*(x**2+y**2))) - exp(0.5*(cos(2*pi*x)+cos(2*pi*y))) + e + 20",
    "Goldstein-Price": "(1+(x+y+1)**2*(19-14*x+3*x**2-14*y+6*x*y+3*y**2))"
                       "*(30+(2*x-3*y)**2*(18-32*x+12*x**2+48*y-36*x*y+27*y**2))",
    "cross-in-tray": "-0.0001*(abs(sin(x)*sin(y)*exp(abs(100-sqrt(x**2+y**2)/pi)))+1)**0.1",
}
HEAVY = {
    "14 nested asin": "asin(" * 14 + "x*y" + ")" * 14,
    "14 nested tan": "tan(" * 14 + "x*y" + ")" * 14,
    "tower x**x**…": "**".join(["x"] * 14),
    "tower x**y**…": "**".join(["x", "y"] * 5),
    "product of 5 tan": "*".join(f"tan(x-{k}*y)" for k in range(1, 6)),
    "product, refused": "*".join(f"sin({k}*x+y)" for k in range(1, 14)),
}
HOSTILE = {
    "__import__": "__import__('os').system('true')",
    "attribute chain": "().__class__.__bases__[0].__subclasses__()",
    "9**9**9": "9**9**9",
    "10**10**10": "10**10**10",
    "1000 parentheses": "(" * 1000 + "x" + ")" * 1000,
    "100 000 characters": "x+" * 50_000 + "x",
    "fullwidth x": "ｘ**2",
}


def main() -> None:
    expressions.parse_objective("x*y + 1")  # warm up SymPy's printers once
    print("cold parse (differentiate twice, compile three functions):")
    for label, text in {**TYPICAL, **HEAVY}.items():
        seconds, outcome = cold_parse(text)
        print(f"  {label:18s} {len(text):4d} chars  {seconds * 1000:8.0f} ms{outcome}")

    print("refusing hostile input:")
    for label, text in HOSTILE.items():
        print(f"  {label:18s} {min(refuse_seconds(text) for _ in range(5)) * 1e6:8.0f} µs")

    print("Rosenbrock on a 200 x 200 grid, formula vs hand-written (best of 20):")
    formula = expressions.parse_objective(TYPICAL["Rosenbrock"])
    xx, yy = np.meshgrid(np.linspace(-2, 2, 200), np.linspace(-1, 3, 200))
    grid = np.stack([xx, yy], axis=-1)
    for part in ("f", "grad", "hessian"):
        times = {}
        for name, objective in (("formula", formula), ("core", objectives.rosenbrock)):
            fun = getattr(objective, part)
            best = np.inf
            for _ in range(20):
                start = time.perf_counter()
                fun(grid)
                best = min(best, time.perf_counter() - start)
            times[name] = best
        print(f"  {part:8s} formula {times['formula'] * 1e3:6.2f} ms  core {times['core'] * 1e3:6.2f} ms  "
              f"ratio {times['formula'] / times['core']:.2f}")


if __name__ == "__main__":
    main()
