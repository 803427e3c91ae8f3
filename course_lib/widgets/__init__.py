"""Explorers: ready-made widgets that re-run descent when a slider moves.

Each explorer is one widget (an ``ipywidgets.VBox``) with sensible defaults, so a notebook
cell is one line::

    from course_lib import objectives
    from course_lib.widgets import descent_explorer
    descent_explorer(objectives.double_dip)

The explorers hold no math of their own: a change of a control calls
:func:`course_lib.descent.run` or :func:`course_lib.models.fit` and hands the recorded result
to the live views (drawn in the browser by bqplot). Each one also keeps its controls and its
last result as attributes, so a notebook or a test can drive it::

    ex = descent_explorer(objectives.square)
    ex.lr.value = 1.5
    ex.trajectory.status        # 'diverged'

An error inside a callback is shown in the widget, in red (``cl-error``); a diverged run shows
the status "diverged" and draws only its finite points. Costly explorers recompute when a
slider is released (``continuous_update=False``). Where widgets cannot be shown (GitHub,
nbviewer, a frontend without ipywidgets) the output reads "[<name>: an interactive widget; run the
notebook in JupyterLab or Voilà to use it]": so a course notebook puts a static
:mod:`course_lib.plots` figure (or :func:`course_lib.plots.animation_html`) of the same run beside
each explorer. :func:`projector_style` enlarges every explorer on the page for a lecture.

One explorer per module, each on the base :class:`~course_lib.widgets.explorer.Explorer`:
:mod:`.descent`, :mod:`.fog`, :mod:`.player`, :mod:`.race`, :mod:`.basins`, :mod:`.minibatch`,
:mod:`.rate_map`, :mod:`.regimes`, :mod:`.training` (and the formula playground, :mod:`course_lib.playground`, which
needs SymPy). Each module's docstring lists its CSS classes: every control, view and output has a
stable class for browser tests and styling, and every widget also carries ``cl-widget``; every
view is a ``cl-plot`` (a bqplot figure of fixed size, :mod:`.chart`, composed in :mod:`.views`);
``cl-error`` holds callback errors.

This package imports each of its modules and offers the public names of all of them
(``__all__``), so a new explorer is one new module here and nothing else.
"""

import importlib
import pkgutil

__all__: list[str] = []

for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        globals().update({name: getattr(_module, name) for name in _module.__all__})
        __all__ += _module.__all__
del _info, _module
