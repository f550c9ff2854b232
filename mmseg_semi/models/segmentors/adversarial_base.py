"""The base of adversarial methods: alternating generator/discriminator
updates over one optimizer wrapper per sub-model."""
import contextlib
from abc import abstractmethod
from typing import Dict, Iterator, Tuple

import torch
from mmengine.optim import OptimWrapper, OptimWrapperDict
from torch import Tensor, nn

from mmseg.registry import MODELS
from .semi_base import MultiViewInputs, MultiViewSamples, SemiBaseSegmentor

StepOutputs = Dict[str, Tensor]


@MODELS.register_module()
class AdversarialBaseSegmentor(SemiBaseSegmentor):
    r"""Alternate generator-side and discriminator-side updates.

    A method names its two sides (:attr:`generator_side`, e.g.
    ``('segmentor', )``, and :attr:`discriminator_side`, e.g.
    ``('discriminator', )``), each a tuple of sub-model names with one
    optimizer wrapper apiece in the :class:`~mmengine.optim.OptimWrapperDict`
    built by :class:`MultiOptimWrapperConstructor`, and supplies two step
    functions:

    - :meth:`generator_step` ``(inputs, data_samples) -> (losses, outputs)``:
      the generator-side losses, and the tensors the discriminator needs
      (e.g. the fake discriminator input built from the segmentor's
      predictions);
    - :meth:`discriminator_step` ``(inputs, data_samples, outputs) ->
      losses``: the discriminator-side losses, given those ``outputs``
      detached.

    One training iteration (:meth:`train_step`) is::

        preprocess the batch; check its views
        generator side:  only its sub-models require grad; under each of
                         its wrappers' optim_context: generator_step, then
                         backward + step  (every `discriminator_steps`-th
                         iteration after `disc_init_steps`; otherwise the
                         step runs without gradient, for its outputs)
        discriminator side: only its sub-models require grad;
                         discriminator_step on the detached outputs, then
                         backward + step  (every iteration)

    The generator side goes first so the discriminator learns from the very
    predictions the generator was scored on (s4GAN and CycleGAN both do).
    While one side trains, every other sub-model has ``requires_grad``
    False (restored afterwards; frozen sub-models stay frozen), so a
    discriminator scoring the generator's output receives no gradient, and
    the generator none from the discriminator's loss.

    The numbers of updates made are buffers, ``generator_updates`` and
    ``discriminator_updates``: they are saved in checkpoints and resumed
    with the weights, and the schedule above reads them (the discriminator
    is updated once per iteration, so ``discriminator_updates`` is the
    number of iterations trained).

    Losses of each side are summed from the keys that contain ``loss``
    (MMEngine's ``parse_losses``); the log shows every term, ``loss`` (the
    generator side's total: the segmentation objective) and
    ``loss_discriminator_side``.

    ``semi_train_cfg`` keys read here:

    - ``discriminator_steps`` (int, 1): discriminator updates per generator
      update;
    - ``disc_init_steps`` (int, 0): iterations that update only the
      discriminator before the generator side starts.

    Distributed training wraps each trainable sub-model on its own
    (``MMSeparateDistributedDataParallel``; ``tools/train.py`` selects it
    for configs that use ``MultiOptimWrapperConstructor``); step functions
    therefore call sub-models through :meth:`trainable_module`, whose
    ``forward`` is the wrapper's.
    """
    generator_side: Tuple[str, ...] = ()
    discriminator_side: Tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.generator_side or not self.discriminator_side or \
                set(self.generator_side) & set(self.discriminator_side):
            raise ValueError(
                f'{type(self).__name__}: generator_side '
                f'{self.generator_side} and discriminator_side '
                f'{self.discriminator_side} must be non-empty, disjoint '
                'tuples of sub-model names')
        self.discriminator_steps = self._positive_int('discriminator_steps',
                                                      1)
        self.disc_init_steps = self._positive_int('disc_init_steps', 0,
                                                  minimum=0)
        self.register_buffer('generator_updates',
                             torch.zeros((), dtype=torch.long))
        self.register_buffer('discriminator_updates',
                             torch.zeros((), dtype=torch.long))

    def _positive_int(self, key: str, default: int, minimum: int = 1) -> int:
        value = self.semi_train_cfg.get(key, default)
        if not isinstance(value, int) or value < minimum:
            raise ValueError(f'semi_train_cfg.{key} must be an int >= '
                             f'{minimum}, got {value!r}')
        return value

    # ------------------------------------------------------------ the steps
    @abstractmethod
    def generator_step(self, inputs: MultiViewInputs,
                       data_samples: MultiViewSamples
                       ) -> Tuple[Dict[str, Tensor], StepOutputs]:
        """Generator-side losses and the tensors the discriminator needs."""

    @abstractmethod
    def discriminator_step(self, inputs: MultiViewInputs,
                           data_samples: MultiViewSamples,
                           outputs: StepOutputs) -> Dict[str, Tensor]:
        """Discriminator-side losses from the generator's detached
        ``outputs``."""

    def loss(self, inputs: MultiViewInputs,
             data_samples: MultiViewSamples) -> dict:
        raise TypeError(
            f'{type(self).__name__} trains with train_step (alternating '
            'updates over an OptimWrapperDict), not with loss(); under '
            'distributed training wrap it with '
            'MMSeparateDistributedDataParallel, not MMDistributedDataParallel')

    # ------------------------------------------------------------ schedule
    def generator_scheduled(self) -> bool:
        """Whether this iteration updates the generator side."""
        it = int(self.discriminator_updates)
        return (it >= self.disc_init_steps
                and (it + 1) % self.discriminator_steps == 0)

    def train_step(self, data: dict,
                   optim_wrapper: OptimWrapperDict) -> Dict[str, Tensor]:
        """One alternating iteration (see the class docstring)."""
        self._check_optim_wrapper(optim_wrapper)
        data = self.data_preprocessor(data, True)
        inputs, data_samples = data['inputs'], data['data_samples']
        self.check_views(inputs)

        update_generator = self.generator_scheduled()
        grad = contextlib.nullcontext() if update_generator \
            else torch.no_grad()
        with self.only_trainable(self.generator_side), grad, \
                self._optim_contexts(optim_wrapper, self.generator_side):
            losses, outputs = self.generator_step(inputs, data_samples)
            loss, log_vars = self.parse_losses(losses)
            if update_generator:
                self._update(optim_wrapper, self.generator_side, loss)
                self.generator_updates += 1

        outputs = {k: v.detach() for k, v in outputs.items()}
        with self.only_trainable(self.discriminator_side), \
                self._optim_contexts(optim_wrapper,
                                     self.discriminator_side):
            d_losses = self.discriminator_step(inputs, data_samples, outputs)
            d_loss, d_log_vars = self.parse_losses(d_losses)
            self._update(optim_wrapper, self.discriminator_side, d_loss)
            self.discriminator_updates += 1
        d_log_vars['loss_discriminator_side'] = d_log_vars.pop('loss')
        log_vars.update(d_log_vars)
        return log_vars

    # ------------------------------------------------------------- helpers
    def trainable_module(self, name: str) -> nn.Module:
        """Sub-model ``name`` as training code must call it: its own
        distributed wrapper when it has one (so gradients are averaged
        across processes), else the sub-model."""
        self.get_module(name)  # raises for an unknown name
        return getattr(self, name)

    @contextlib.contextmanager
    def only_trainable(self, side: Tuple[str, ...]) -> Iterator[None]:
        """Within the block, parameters of sub-models outside ``side`` do
        not require grad; every flag is restored afterwards."""
        saved = []
        for name in self.submodel_names:
            if name in side:
                continue
            for param in self.get_module(name).parameters():
                saved.append((param, param.requires_grad))
                param.requires_grad_(False)
        try:
            yield
        finally:
            for param, flag in saved:
                param.requires_grad_(flag)

    @contextlib.contextmanager
    def _optim_contexts(self, optim_wrapper: OptimWrapperDict,
                        side: Tuple[str, ...]) -> Iterator[None]:
        with contextlib.ExitStack() as stack:
            for name in side:
                stack.enter_context(optim_wrapper[name].optim_context(
                    self.trainable_module(name)))
            yield

    @staticmethod
    def _update(optim_wrapper: OptimWrapperDict, side: Tuple[str, ...],
                loss: Tensor) -> None:
        """Backward ``loss`` once and step every optimizer of ``side``."""
        wrappers = [optim_wrapper[name] for name in side]
        if len(wrappers) == 1:
            wrappers[0].update_params(loss)
            return
        for name, wrapper in zip(side, wrappers):
            if type(wrapper) is not OptimWrapper or \
                    wrapper._accumulative_counts != 1:
                raise TypeError(
                    f'optim_wrapper.{name}: a side with several optimizers '
                    f'({list(side)}) shares one backward pass, which needs '
                    'plain OptimWrapper with accumulative_counts=1 (AMP '
                    'loss scaling and gradient accumulation are per '
                    f'wrapper); got {type(wrapper).__name__}')
        loss.backward()
        for wrapper in wrappers:
            wrapper.step()
            wrapper.zero_grad()

    def _check_optim_wrapper(self, optim_wrapper) -> None:
        needed = self.generator_side + self.discriminator_side
        for name in needed:
            self.get_module(name)  # raises for a side naming no sub-model
        keys = list(optim_wrapper.keys()) \
            if isinstance(optim_wrapper, OptimWrapperDict) else []
        missing = [n for n in needed if n not in keys]
        if missing:
            raise TypeError(
                f'{type(self).__name__} needs one optimizer wrapper per '
                f'sub-model {list(needed)}, got '
                f'{keys or type(optim_wrapper).__name__}; set '
                "optim_wrapper=dict(constructor='MultiOptimWrapperConstructor'"
                ', ' + ', '.join(f'{n}=dict(...)' for n in needed) + ')')
