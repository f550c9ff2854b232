"""A constant learning rate, then a linear decay: CycleGAN's schedule."""
from mmengine.optim.scheduler import LinearLR

from mmseg.registry import PARAM_SCHEDULERS


@PARAM_SCHEDULERS.register_module()
class ConstantThenLinearLR(LinearLR):
    r"""Keep the learning rate for the first ``decay_begin_ratio`` of
    ``[begin, end)``, then decrease it linearly to ``end_factor`` times
    its value at ``end``:

    .. math::
        \eta_k = \eta_0 \cdot \begin{cases} 1 & k < k_d \\
            1 - (1 - f)\,\dfrac{k - k_d}{\mathrm{end} - k_d} &
            k_d \le k \le \mathrm{end} \end{cases},\qquad
        k_d = \mathrm{begin} + \lfloor r\,(\mathrm{end} - \mathrm{begin})
        \rfloor

    CycleGAN's schedule is ``decay_begin_ratio=0.25, end_factor=0`` (100 of
    400 epochs constant, then linear to 0). As for any MMEngine scheduler
    built by the Runner, ``end`` defaults to the training length, so one
    config entry serves every schedule length::

        param_scheduler = [dict(type='ConstantThenLinearLR',
                                decay_begin_ratio=0.25, by_epoch=False)]

    Args:
        optimizer: the optimizer or optimizer wrapper.
        decay_begin_ratio (float): share of ``[begin, end)`` at constant
            learning rate, in [0, 1).
        end_factor (float): factor at ``end``. Defaults to 0.
        begin, end, last_step, by_epoch, verbose: as MMEngine's
            ``LinearLR``.
    """

    def __init__(self,
                 optimizer,
                 decay_begin_ratio: float = 0.25,
                 end_factor: float = 0.0,
                 begin: int = 0,
                 end: int = 1000000000,
                 **kwargs) -> None:
        if not 0.0 <= decay_begin_ratio < 1.0:
            raise ValueError('decay_begin_ratio must be in [0, 1), got '
                             f'{decay_begin_ratio}')
        self.decay_begin_ratio = decay_begin_ratio
        decay_begin = begin + int(decay_begin_ratio * (end - begin))
        super().__init__(
            optimizer,
            start_factor=1.0,
            end_factor=end_factor,
            begin=decay_begin,
            end=end,
            **kwargs)
