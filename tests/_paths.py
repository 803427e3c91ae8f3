"""What a chart's path line must draw, shared by the widget and playground tests."""

import numpy as np


def assert_draws(chart, name, x, y):
    """The line ``name`` of ``chart`` (or of a Contours2D view, the run ``name`` of that view) draws the path
    (x, y) as a screen can show it: some of its points, in order, the first and the last among them, and every
    point left out less than half a pixel (in x and in y) from the point drawn before it."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if hasattr(chart, "drawn"):  # a Contours2D: the run's share of the shared marks
        drawn = chart.drawn(name)
        chart, path = chart.chart, np.zeros((0, 2)) if drawn is None else drawn["path"]
        drawn_x, drawn_y = path[:, 0], path[:, 1]
    else:
        drawn_x, drawn_y = np.asarray(chart.marks[name].x, dtype=float), np.asarray(chart.marks[name].y, dtype=float)
    if len(x) == 0:
        assert len(drawn_x) == 0, name
        return
    drawn, i = [], 0
    for px, py in zip(drawn_x, drawn_y, strict=True):  # each drawn point is the next point of the path that matches
        while i < len(x) and (x[i], y[i]) != (px, py):
            i += 1
        assert i < len(x), f"{name}: drew ({px}, {py}), not a point of the path (or out of order)"
        drawn.append(i)
        i += 1
    assert drawn[0] == 0 and drawn[-1] == len(x) - 1, (name, drawn[:3], drawn[-3:], len(x))
    width, height = chart.plot_size
    half = ((chart.x_scale.max - chart.x_scale.min) / (2 * width),
            (chart.y_scale.max - chart.y_scale.min) / (2 * height))
    before = np.array(drawn)[np.searchsorted(drawn, np.arange(len(x)), side="right") - 1]  # last drawn at or before i
    assert np.all(np.abs(x - x[before]) < half[0]) and np.all(np.abs(y - y[before]) < half[1]), name
