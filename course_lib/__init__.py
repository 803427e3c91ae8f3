"""course_lib: the tested NumPy library behind the gradient-descent course.

Layers, each importing only the ones above it:

1. core, NumPy only: :mod:`~course_lib.objectives`, :mod:`~course_lib.optimizers`,
   :mod:`~course_lib.descent`, :mod:`~course_lib.schedules`, :mod:`~course_lib.data`,
   :mod:`~course_lib.models`;
2. :mod:`course_lib.plots`: matplotlib figures from recorded results;
3. :mod:`course_lib.widgets`: ipywidgets explorers built from the two above
   (:mod:`course_lib.setup_check`: the "do widgets work here?" check of notebook 00);
4. :mod:`course_lib.exercises`: self-checks and quizzes.

``import course_lib`` loads only the core; import ``course_lib.plots`` or
``course_lib.widgets`` explicitly when you need them.
"""

from . import data, descent, models, objectives, optimizers, schedules, tuning
from .descent import Trajectory, critical_learning_rate, one_step_learning_rate, run
from .optimizers import AdaGrad, Adam, AdamW, GradientDescent, Momentum, Nesterov, RMSProp

__version__ = "0.1.0"

__all__ = [
    "data", "descent", "models", "objectives", "optimizers", "schedules", "tuning",
    "run", "Trajectory", "critical_learning_rate", "one_step_learning_rate",
    "GradientDescent", "Momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam", "AdamW",
]
