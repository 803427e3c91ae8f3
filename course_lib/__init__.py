"""course_lib: the tested NumPy library behind the gradient-descent course.

Layers, each importing only the ones above it (course_lib/README.md lists every module):

1. the core, NumPy only: :mod:`~course_lib.objectives`, :mod:`~course_lib.optimizers`,
   :mod:`~course_lib.descent`, :mod:`~course_lib.analysis`, :mod:`~course_lib.windows`,
   :mod:`~course_lib.schedules`, :mod:`~course_lib.data`, :mod:`~course_lib.models`,
   :mod:`~course_lib.tuning`, :mod:`~course_lib.claims`, :mod:`~course_lib.newton`;
2. formulas, with SymPy: :mod:`~course_lib.expressions` (and :mod:`~course_lib.typeset`);
3. drawing: :mod:`course_lib.style` (colours, the number format) and :mod:`course_lib.plots`
   (matplotlib figures from recorded results);
4. widgets: :mod:`course_lib.widgets` (ipywidgets explorers built from the layers above),
   :mod:`course_lib.playground`, :mod:`course_lib.exercises` (self-checks and quizzes) and
   :mod:`course_lib.setup_check` (the "do widgets work here?" check of notebook 00).

``import course_lib`` loads only the core; import ``course_lib.plots`` or
``course_lib.widgets`` explicitly when you need them.
"""

from . import analysis, data, descent, models, objectives, optimizers, schedules, tuning, windows
from .descent import Trajectory, critical_learning_rate, one_step_learning_rate, run
from .optimizers import (
    Adadelta,
    AdaGrad,
    Adam,
    Adamax,
    AdamW,
    GradientDescent,
    Momentum,
    NAdam,
    Nesterov,
    RAdam,
    RMSProp,
)

__version__ = "0.1.0"

__all__ = [
    "analysis", "data", "descent", "models", "objectives", "optimizers", "schedules", "tuning", "windows",
    "run", "Trajectory", "critical_learning_rate", "one_step_learning_rate",
    "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adadelta", "Adam", "AdamW", "Adamax", "NAdam",
    "RAdam",
]
