"""A recorded race on Rosenbrock that several tests draw or read."""

import numpy as np

from course_lib import objectives, run
from course_lib.optimizers import Adam, GradientDescent, Momentum


def rosenbrock_race(steps=200, record_state=False):
    """Plain descent, momentum and Adam from (−1.5, 2), ``steps`` steps each."""
    x0 = np.array([-1.5, 2.0])
    optimizers = {"GradientDescent": GradientDescent(lr=1e-3), "Momentum": Momentum(lr=1e-3), "Adam": Adam(lr=0.05)}
    return {name: run(objectives.rosenbrock, opt, x0, steps, record_state=record_state)
            for name, opt in optimizers.items()}
