"""The training iteration and random draws tied to it."""
import torch
from mmengine.dist import get_dist_info
from mmengine.logging import MessageHub

from ...utils.seeding import derive_seed


def current_iter() -> int:
    """Training iteration from MMEngine's message hub (0 if unset)."""
    return MessageHub.get_current_instance().get_info('iter', 0) or 0


def step_generator(*keys: int) -> torch.Generator:
    """A CPU generator for the model's explicit draws at this step.

    Seeded with ``derive_seed(torch.initial_seed(), rank, iteration,
    *keys)``: different on every rank (so ranks draw different CutMix
    boxes even when they share the run's seed), reproducible from the
    run's seed, and the same after a resume, because it depends on no
    state carried from earlier steps. ``keys`` separate independent draws
    of one step.
    """
    rank, _ = get_dist_info()
    seed = derive_seed(torch.initial_seed(), rank, current_iter(), *keys)
    return torch.Generator().manual_seed(seed)
