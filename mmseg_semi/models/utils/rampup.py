"""Schedules for the weight of unsupervised losses."""
import math


def sigmoid_rampup(current: float, rampup_length: float) -> float:
    r"""Ramp-up factor in [0, 1] (Laine & Aila 2017; Mean Teacher).

    .. math::
        r(t) = \exp\big(-5\,(1 - t)^2\big),\quad
        t = \min(1, \max(0, \text{current}) / \text{rampup\_length})

    Returns 1 when ``rampup_length <= 0`` (no ramp-up).
    """
    if rampup_length <= 0:
        return 1.0
    t = min(max(float(current), 0.0), rampup_length) / rampup_length
    return math.exp(-5.0 * (1.0 - t)**2)
