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


def linear_rampup(current: float, begin: float, length: float) -> float:
    r"""Linear ramp-up factor in [0, 1]:

    .. math::
        r(t) = \min\big(1, \max(0, (t - t_0) / L)\big)

    with :math:`t_0` = ``begin`` and :math:`L` = ``length``; a step from 0
    to 1 at ``begin`` when ``length <= 0``. MLMT's consistency weight is
    this with :math:`t_0` = 10 epochs and :math:`L` = 50 epochs.
    """
    if length <= 0:
        return float(current >= begin)
    return min(1.0, max(0.0, (float(current) - begin) / length))
