"""Randomness that is a pure function of (seed, position), so that a run
interrupted and resumed draws exactly what an uninterrupted run draws.

Three places draw random numbers during training:

- data augmentation in dataloader workers: :class:`MultiSourceSampler`
  gives every sample a seed derived from the run's seed and the sample's
  position in its source stream, and :class:`SemiConcatDataset` runs the
  pipeline under that seed (:func:`seeded_rng`);
- the model in the main process (dropout, ...): :class:`IterationSeedHook`
  seeds the process RNGs from (seed, rank, iteration) before every step;
- explicit draws in the model (CutMix boxes): :func:`step_generator`.
"""
import contextlib
import random
from typing import Iterator

import numpy as np
import torch


def derive_seed(*entropy: int) -> int:
    """A 32-bit seed mixed from integers (NumPy's ``SeedSequence``).

    Different tuples give statistically independent seeds, unlike
    ``seed + index`` schemes where neighbouring runs share streams. 32 bits
    because ``np.random.seed`` takes no more.
    """
    values = [int(value) % 2**63 for value in entropy]
    return int(np.random.SeedSequence(values).generate_state(1)[0])


def seed_all(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global RNG and torch (all devices)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


@contextlib.contextmanager
def seeded_rng(seed: int) -> Iterator[None]:
    """Run the block with every global RNG seeded by ``seed``; restore the
    previous states afterwards, so the caller's streams are untouched."""
    py_state = random.getstate()
    np_state = np.random.get_state()
    torch_state = torch.get_rng_state()
    seed_all(seed)
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
        torch.set_rng_state(torch_state)
