"""Keep the model's 4-D weights in one memory format."""
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from mmseg.registry import HOOKS

MEMORY_FORMATS = {
    'channels_last': torch.channels_last,
    'contiguous_format': torch.contiguous_format,
}


@HOOKS.register_module()
class MemoryFormatHook(Hook):
    """Store every 4-D parameter of the model (convolution weights,
    ``(C_out, C_in, k, k)``) in ``memory_format`` before training,
    validation and testing; buffers keep theirs.

    With ``'channels_last'`` a convolution runs in channels-last (NHWC)
    and so does every layer after it, which oneDNN's CPU kernels compute
    faster than NCHW (depthwise convolutions above all): a training step of
    the quality benchmark's Mean Teacher (EfficientNet-Lite0 DeepLabV3+,
    CamVid 1/8) takes 0.85 s instead of 1.19 s on 2 CPU cores
    (``tools/analysis_tools/benchmark_train_step.py``, which times a
    config's step in the format it trains in). ``'contiguous_format'``
    (NCHW, PyTorch's default) lets a child config undo a base's choice.
    Only the memory layout changes: shapes, values and ``state_dict`` keys
    are those of the NCHW model, so checkpoints load into either format.
    Results agree with NCHW training to float rounding (the kernels sum in
    another order), not bit for bit. Elementwise random draws on a feature
    map (``nn.Dropout``, :class:`StochasticGate`'s ``rand_like``) are
    assigned to elements in memory order, so channels-last draws another
    sample of the same distribution than NCHW under the same seed.

    The parameters stay the same :class:`torch.nn.Parameter` objects (their
    ``.data`` is replaced), so optimizers built before the hook runs keep
    updating them, and their state, created lazily from the parameters,
    takes the same format. Resuming re-applies it (``before_train`` runs
    after the checkpoint is loaded), so a resumed run continues in the
    format it started in. Under ``DistributedDataParallel`` the gradient
    buckets were laid out for NCHW; channels-last gradients are then
    copied into them rather than viewed, which is correct but slower.

    It runs first among the ``before_train`` hooks (priority ``HIGHEST``),
    so the hooks after it see the layout training uses.

    Args:
        memory_format (str): ``'channels_last'`` or ``'contiguous_format'``.
    """
    priority = 'HIGHEST'

    def __init__(self, memory_format: str = 'channels_last') -> None:
        if memory_format not in MEMORY_FORMATS:
            raise ValueError(
                f'MemoryFormatHook: memory_format={memory_format!r} is not '
                f'one of {sorted(MEMORY_FORMATS)}')
        self.memory_format = MEMORY_FORMATS[memory_format]

    def apply(self, runner: Runner) -> None:
        # parameters only: ``Module.to(memory_format=...)`` would also
        # convert 4-D and 5-D buffers, and fails on a 5-D one (CycleGAN's
        # history pools, (pool_size, N, C, H, W)), which channels-last
        # (a 4-D format) cannot describe
        for param in runner.model.parameters():
            if param.dim() == 4:
                param.data = param.data.to(memory_format=self.memory_format)

    def before_train(self, runner: Runner) -> None:
        self.apply(runner)

    def before_val(self, runner: Runner) -> None:
        self.apply(runner)

    def before_test(self, runner: Runner) -> None:
        self.apply(runner)
