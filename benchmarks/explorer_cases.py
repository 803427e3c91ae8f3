"""Every explorer of the course, at its default and at its most expensive settings: the cases the latency
benchmark moves a slider in (``slider_latency.py``, in the browser; ``--kernel``: the kernel side alone).

The explorers are found in the code: every class on ``course_lib.widgets.Explorer`` (the formula playground
included), so one added later is measured too. Each case is notebook source that builds one explorer as
``explorer``; the case's slider is the explorer's first slider control (the step slider only where it has
no other), the one a student moves first.

- **default**: the explorer as a notebook shows it, with the arguments of :data:`ARGS` where it has
  required ones;
- **expensive**: the same, then every control that adds work at its most costly value (:func:`most_expensive`:
  the smallest batch, then every count slider at its top, every optimizer picked), and the extra
  arguments of :data:`EXPENSIVE_ARGS` for sizes no control sets (the basin map's starts, a long race to play).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import statistics
import time
from dataclasses import dataclass

SETUP = '''
import numpy as np
import ipywidgets
from IPython.display import display

from course_lib import objectives, widgets as course_widgets
from course_lib import optimizers as opt
from course_lib.descent import run
from course_lib.playground import Playground


def most_expensive(explorer):
    """Every control that adds work at its most costly value: the smallest batch first (it sets how many
    epochs the budget allows), then every count slider at its top and every optimizer picked."""
    controls = explorer.controls.items()
    for name, control in controls:
        if isinstance(control, ipywidgets.SelectionSlider):
            control.value = control.options[0]
    for name, control in controls:
        if isinstance(control, ipywidgets.IntSlider) and name != "frame":
            control.value = control.max
        elif isinstance(control, ipywidgets.SelectMultiple):
            control.value = tuple(control.options)
'''

ARGS = {  # required arguments, as source
    "TrajectoryPlayer": "runs=run(objectives.double_dip, opt.GradientDescent(lr=0.01), 3.0, 30)",
}
EXPENSIVE_ARGS = {  # sizes no control sets, at the most the course uses or more
    "TrajectoryPlayer": "runs={name: run(objectives.rosenbrock, cls(lr=1e-3), [-1.5, 2.0], 1000) "
                        "for name, cls in opt.ALL.items()}",
    "BasinExplorer": "starts=641",
    "RegimeExplorer": "sweep=400",
}


@dataclass(frozen=True)
class Case:
    """One explorer at one setting: notebook cells that display it, its slider and its figures (CSS selectors)."""

    name: str
    cells: tuple[str, ...]
    slider: str
    figure: str
    setup: str  # the source that builds ``explorer``, without displaying it
    control: str  # the name of the slider among the explorer's controls


def explorer_classes() -> dict:
    """Every explorer class of the course, by name (subclasses of ``course_lib.widgets.Explorer``)."""
    import course_lib.playground  # noqa: F401  (the playground's class is an Explorer too)
    from course_lib import widgets

    def below(cls):
        return [c for sub in cls.__subclasses__() for c in (sub, *below(sub))]

    return {cls.__name__: cls for cls in below(widgets.Explorer) if cls.__module__.startswith("course_lib")}


def main_slider(explorer) -> str:
    """The name of the explorer's first slider control (its step slider only when it has no other)."""
    import ipywidgets

    kinds = (ipywidgets.FloatSlider, ipywidgets.FloatLogSlider, ipywidgets.IntSlider, ipywidgets.SelectionSlider)
    sliders = [name for name, control in explorer.controls.items() if isinstance(control, kinds)]
    return next((name for name in sliders if name != "frame"), sliders[0])


def cases(settings=("default", "expensive")) -> list[Case]:
    """A case per explorer class and setting, in the order the classes are found."""
    found = []
    for name in explorer_classes():
        made = f"{'' if name == 'Playground' else 'course_widgets.'}{name}({ARGS.get(name, '')})"
        namespace: dict = {}
        exec(SETUP + "\nexplorer = " + made, namespace)  # to read its CSS class and its controls
        explorer = namespace["explorer"]
        widget_class = next(c for c in explorer._dom_classes if c != "cl-widget")
        slider = main_slider(explorer)
        for setting in settings:
            args = EXPENSIVE_ARGS.get(name, ARGS.get(name, "")) if setting == "expensive" else ARGS.get(name, "")
            build = f"explorer = {made.split('(')[0]}({args})" + ("\nmost_expensive(explorer)" if setting == "expensive"
                                                                  else "")
            found.append(Case(f"{name}-{setting}", (SETUP, build + "\ndisplay(explorer)"),
                              f".{widget_class} .cl-{slider.replace('_', '-')}", f".{widget_class} .cl-plot",
                              SETUP + "\n" + build, slider))
    return found


def neighbour(control, direction: int):
    """The value one arrow key press moves ``control`` to (or None at its end): what the browser would send."""
    import ipywidgets

    if isinstance(control, ipywidgets.SelectionSlider):
        i = control.index + direction
        return control.options[i] if 0 <= i < len(control.options) else None
    if isinstance(control, ipywidgets.FloatLogSlider):
        exponent = math.log10(control.value) + direction * control.step
        return 10**exponent if control.min - 1e-9 <= exponent <= control.max + 1e-9 else None
    value = control.value + direction * control.step
    return value if control.min <= value <= control.max else None


class _Wire:
    """Comms that encode every message as the kernel would (JSON, and the binary buffers beside it) and
    count what would go out: the kernel's side of a change without a kernel."""

    messages = size = 0

    @classmethod
    def install(cls):
        import comm
        from comm.base_comm import BaseComm

        class Encoding(BaseComm):
            def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
                cls.messages += 1
                cls.size += len(json.dumps(data, default=str)) + sum(memoryview(b).nbytes for b in buffers or ())

        comm.create_comm = Encoding


def kernel_times(case: Case, changes: int = 20) -> tuple[list[float], float, float]:
    """Milliseconds of CPU time from a slider change to the end of the explorer's callback (its messages
    encoded), in this process, and the messages and kB per change: the slider goes right, and back left at its
    end, one arrow key press at a time. CPU time, not wall time: on a shared machine the wall time also
    counts the other processes' turns."""
    _Wire.install()
    namespace: dict = {"display": lambda *_: None}
    exec(case.setup, namespace)
    control = namespace["explorer"].controls[case.control]
    direction, times = 1, []
    for i in range(changes + 2):
        value = neighbour(control, direction)
        if value is None:
            direction = -direction
            value = neighbour(control, direction)
        if i == 2:  # the first two warm caches up
            _Wire.messages = _Wire.size = 0
        start = time.process_time()
        control.value = value
        times.append((time.process_time() - start) * 1e3)
    return times[2:], _Wire.messages / changes, _Wire.size / changes / 1e3


def main() -> None:
    print(f"kernel side of a slider change (ms of CPU time, in-process, no browser); load average "
          f"{os.getloadavg()[0]:.1f}; course_lib from {os.path.dirname(importlib.util.find_spec('course_lib').origin)}")
    print(f"{'case':30s} {'slider':11s} {'median':>7s} {'p90':>7s} {'messages':>9s} {'kB':>7s}")
    for case in cases():
        times, messages, size = kernel_times(case)
        print(f"{case.name:30s} {case.control:11s} {statistics.median(times):7.1f} "
              f"{statistics.quantiles(times, n=10)[-1]:7.1f} {messages:9.1f} {size:7.1f}", flush=True)


if __name__ == "__main__":
    main()
