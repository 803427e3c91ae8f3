"""Measuring colours for the accessibility tests: WCAG contrast, and distances under simulated colour blindness.

``distances(colors)`` gives, for normal vision and for deuteranomaly, protanomaly and tritanomaly at full
severity (Machado et al.'s simulation, as colorspacious implements it), the smallest CAM02-UCS distance ΔE
between two of the colours, and which two.
"""

from __future__ import annotations

import itertools

import numpy as np
from colorspacious import cspace_convert
from matplotlib.colors import to_rgb

VISIONS = {"normal vision": None,
           **{kind: {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
              for kind in ("deuteranomaly", "protanomaly", "tritanomaly")}}
"""How a colour is seen: as it is, and as colorspacious simulates each kind of colour blindness at full severity."""


def relative_luminance(rgb) -> np.ndarray:
    """WCAG 2's relative luminance of sRGB colours with channels in [0, 1] (shape (..., 3))."""
    rgb = np.asarray(rgb, dtype=float)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    """WCAG 2's contrast ratio of two colours (names, hex strings or RGB in [0, 1]): 1 to 21."""
    la, lb = (float(relative_luminance(to_rgb(c) if isinstance(c, str) else c)) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def seen(colors, vision) -> np.ndarray:
    """The colours in CAM02-UCS as a reader with ``vision`` (a key of :data:`VISIONS`) sees them."""
    rgb = np.array([to_rgb(c) for c in colors])
    space = VISIONS[vision]
    if space is not None:
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def closest_pair(colors, vision) -> tuple[float, str, str]:
    """The smallest ΔE (CAM02-UCS) between two of ``colors`` as a reader with ``vision`` sees them, and the two."""
    points = seen(colors, vision)
    return min((float(np.linalg.norm(points[i] - points[j])), colors[i], colors[j])
               for i, j in itertools.combinations(range(len(colors)), 2))
