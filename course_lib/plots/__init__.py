"""Static matplotlib figures of recorded runs: what a notebook shows without a kernel.

Every function draws results that :func:`course_lib.descent.run` or :func:`course_lib.models.fit`
already recorded; none computes a gradient (they call ``objective.f`` on a grid to draw the
landscape, nothing more). Each takes an optional Matplotlib ``Axes`` (a new figure is made when
it is None) and returns a :class:`Drawn`: the Axes plus every artist it drew, by name, so a
notebook can restyle them and a test can read them back::

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from course_lib import objectives, optimizers, plots, run
    >>> t = run(objectives.square, optimizers.GradientDescent(lr=0.1), x0=10.0, steps=20)
    >>> drawn = plots.curve_with_trajectory(t)
    >>> drawn.paths[0].get_xdata()[:3]
    array([10. ,  8. ,  6.4])

The figures, one topic per module:

- :mod:`.curves`: :func:`curve_with_trajectory`: a 1-D objective with the path of one or many starts;
  :func:`foggy_curve`: the same, but only a window around the hiker is visible (notebook 01);
  :func:`value_per_step`: f(x_k) against the step k (or the gap to the minimum, on a log scale);
- :mod:`.contours`: :func:`contour_with_paths`: contours of a 2-D objective with the paths of several runs;
  :func:`state_arrows`: optimizer state (velocity, per-coordinate step size) along a 2-D path;
  :func:`eigen_directions`: the principal directions of a bowl, each across one contour, labelled with its curvature;
- :mod:`.training`: :func:`loss_curves`: training losses of :func:`course_lib.models.fit` runs;
- :mod:`.regimes`: :func:`basin_strip`: which minimum every start ends in (basins of attraction);
  :func:`regime_map`: the status of a run for every learning rate of a sweep;
  :func:`decision_boundary` (in :mod:`.training`): a two-class model's probability map over its data;
- :mod:`.animation`: :func:`animation_html`: a self-contained HTML player of one or more runs (no kernel needed);
- :mod:`.pictures`: :func:`show`: display a figure as a compact palette PNG (:func:`compact_png`), for small notebooks;
- :mod:`.alt`: :func:`alt_text`: every figure above says in a sentence what it drew, its text alternative for screen
  readers (:func:`describe` adds one to a figure drawn by hand); in IPython a figure with one is shown as
  ``<img alt="…">`` (``text/html``) instead of a bare ``image/png`` (see :mod:`.alt`).

What they share (:class:`Drawn`, a new Axes, labels of runs) is in :mod:`.base`. They compute nothing
that is not drawing: which minimum a run reached, state vectors, contour levels and value gaps come
from :mod:`course_lib.analysis` (re-exported here for the notebooks), and colours and numbers from
:mod:`course_lib.style`, as in the live views of :mod:`course_lib.widgets`: :data:`STATUS_COLORS`
for a run's status, :data:`OPTIMIZER_COLORS` for an optimizer.
"""

from .. import optimizers, style
from ..analysis import landscape_grid, state_vectors, step_size_crosses, which_minimum
from ..style import STATUS_COLORS
from .alt import alt_text, describe, install
from .animation import HTMLAnimation, animation_html
from .base import Drawn
from .contours import contour_with_paths, eigen_directions, state_arrows
from .curves import curve_with_trajectory, foggy_curve, value_per_step
from .pictures import compact_png, show
from .regimes import basin_strip, regime_map
from .training import decision_boundary, loss_curves

__all__ = [
    "STATUS_COLORS",
    "OPTIMIZER_COLORS",
    "Drawn",
    "curve_with_trajectory",
    "foggy_curve",
    "value_per_step",
    "contour_with_paths",
    "landscape_grid",
    "state_arrows",
    "eigen_directions",
    "state_vectors",
    "step_size_crosses",
    "loss_curves",
    "which_minimum",
    "basin_strip",
    "regime_map",
    "decision_boundary",
    "compact_png",
    "show",
    "HTMLAnimation",
    "animation_html",
    "alt_text",
    "describe",
]

OPTIMIZER_COLORS = style.optimizer_colors(optimizers.ALL)
"""The colour of every course optimizer by class name, read from the classes (``Adam.color``)."""

install()  # in IPython: figures with a text alternative are shown as <img alt> (a no-op elsewhere)
