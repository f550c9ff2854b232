"""Seed the training process's RNGs from the iteration."""
from typing import Optional

from mmengine.dist import get_dist_info
from mmengine.hooks import Hook

from mmseg.registry import HOOKS
from ...utils.seeding import derive_seed, seed_all


@HOOKS.register_module()
class IterationSeedHook(Hook):
    """Before every training iteration, seed ``random``, NumPy and torch of
    this process with ``derive_seed(runner.seed, rank, iteration)``.

    Random draws inside the model (dropout, stochastic depth, anything that
    uses the global RNG) then depend only on the run's seed, the rank and
    the iteration, so a run resumed from a checkpoint draws exactly what
    the uninterrupted run drew, and ranks draw independently. Without it
    the RNG state after a resume is whatever building the model and the
    dataloaders left behind. Data augmentation is seeded per sample by
    :class:`MultiSourceSampler` + :class:`SemiConcatDataset`.

    It runs first among the ``before_train_iter`` hooks (priority
    ``HIGHEST``); the batch of the iteration is already loaded then.
    """
    priority = 'HIGHEST'

    def before_train_iter(self,
                          runner,
                          batch_idx: int,
                          data_batch: Optional[dict] = None) -> None:
        rank, _ = get_dist_info()
        seed_all(derive_seed(runner.seed, rank, runner.iter))
