"""Batches that always mix labelled and unlabelled samples."""
import itertools
from fractions import Fraction
from typing import Iterator, List, Optional, Sequence, Sized, Tuple, Union

import torch
from mmengine.dataset import ConcatDataset
from mmengine.dist import get_dist_info, sync_random_seed
from torch.utils.data import Sampler

from mmseg.registry import DATA_SAMPLERS
from ...utils.seeding import derive_seed

# (index into the ConcatDataset, seed of that sample's augmentation)
SeededIndex = Tuple[int, int]


@DATA_SAMPLERS.register_module()
class MultiSourceSampler(Sampler):
    r"""Infinite sampler whose every batch holds a fixed share of each source.

    The dataset must be a :class:`~mmengine.dataset.ConcatDataset`, one
    dataset per source (e.g. ``[labelled, unlabelled]``). A batch of
    ``batch_size`` samples (per process) holds ``num_per_source[i] =
    floor(batch_size * r_i / sum(r))`` samples of source ``i`` for ``i > 0``;
    source 0 takes the remainder. Samples appear source by source in the
    batch, so the labelled ones come first.

    Each source has its own endless stream: a new seeded permutation after
    each pass (seed ``seed + i``), of which process ``rank`` takes every
    ``world_size``-th element, so processes never see the same sample at the
    same step and every run with the same seed sees the same batches.
    ``set_epoch`` has no effect: use it with ``IterBasedTrainLoop``. On
    resume, MMEngine versions that call ``skip`` fast-forward the streams
    without loading the skipped samples; others draw and discard them.

    **Seeded samples.** When the dataset accepts them
    (:class:`SemiConcatDataset`), the sampler yields ``(index, seed)``
    pairs: the ``k``-th draw of source ``i`` gets the seed
    ``derive_seed(seed, i, k)`` and the dataset runs that sample's pipeline
    under it. Augmentation is then a function of the run's seed and the
    sample's position alone, not of which worker loads it or of how many
    samples that worker loaded before, so a resumed run (which restarts the
    workers) sees exactly the augmentations of an uninterrupted one.

    Args:
        dataset (ConcatDataset): the sources, concatenated.
        batch_size (int): samples per batch and process; must equal the
            dataloader's ``batch_size``.
        source_ratio (Sequence[int | float]): relative share of each source.
        shuffle (bool): permute each pass. Defaults to True.
        seed (int, optional): base seed; a random one shared by all
            processes when None.
    """

    def __init__(self,
                 dataset: Sized,
                 batch_size: int,
                 source_ratio: Sequence[float],
                 shuffle: bool = True,
                 seed: Optional[int] = None) -> None:
        if not isinstance(dataset, ConcatDataset):
            raise TypeError(
                'MultiSourceSampler needs a ConcatDataset of one dataset per '
                f'source, got {type(dataset).__name__}')
        if not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(
                f'batch_size must be a positive int, got {batch_size!r}')
        num_sources = len(dataset.datasets)
        if len(source_ratio) != num_sources:
            raise ValueError(
                f'source_ratio has {len(source_ratio)} entries but the '
                f'ConcatDataset has {num_sources} datasets')
        if any(r <= 0 for r in source_ratio):
            raise ValueError(
                f'source_ratio entries must be > 0, got {list(source_ratio)}')
        for i, ds in enumerate(dataset.datasets):
            if len(ds) == 0:
                raise ValueError(f'source {i} of MultiSourceSampler is an '
                                 'empty dataset')

        self.rank, self.world_size = get_dist_info()
        self.dataset = dataset
        self.batch_size = batch_size
        self.source_ratio = list(source_ratio)
        self.num_per_source = self._split_batch(batch_size, self.source_ratio)
        self.shuffle = shuffle
        self.seed = sync_random_seed() if seed is None else seed
        self.offsets = [0] + list(dataset.cumulative_sizes[:-1])
        self.seed_samples = bool(
            getattr(dataset, 'accepts_sample_seeds', False))
        self.source_streams = self._new_streams()

    def _new_streams(self) -> List[Iterator[Tuple[int, int]]]:
        return [
            self._rank_stream(len(ds), self.seed + i)
            for i, ds in enumerate(self.dataset.datasets)
        ]

    @staticmethod
    def _split_batch(batch_size: int, ratio: List[float]) -> List[int]:
        # exact arithmetic: 6 * 0.7 / (0.7 + 0.7) must give 3, not 2
        exact = [Fraction(r).limit_denominator(10**6) for r in ratio]
        total = sum(exact)
        counts = [int(batch_size * r / total) for r in exact]
        counts[0] = batch_size - sum(counts[1:])
        if any(c == 0 for c in counts):
            raise ValueError(
                f'batch_size={batch_size} with source_ratio={ratio} leaves a '
                f'source without samples (per-source counts {counts}); '
                'increase batch_size or change source_ratio')
        return counts

    def _infinite_indices(self, size: int,
                          seed: int) -> Iterator[Tuple[int, int]]:
        """Endless ``(index, position)`` of one source (all ranks)."""
        generator = torch.Generator()
        generator.manual_seed(seed)
        position = itertools.count()
        while True:
            if self.shuffle:
                indices = torch.randperm(size, generator=generator).tolist()
            else:
                indices = range(size)
            for index in indices:
                yield index, next(position)

    def _rank_stream(self, size: int,
                     seed: int) -> Iterator[Tuple[int, int]]:
        return itertools.islice(
            self._infinite_indices(size, seed), self.rank, None,
            self.world_size)

    def __iter__(self) -> Iterator[Union[int, SeededIndex]]:
        while True:
            for source, (stream, offset, count) in enumerate(
                    zip(self.source_streams, self.offsets,
                        self.num_per_source)):
                for _ in range(count):
                    index, position = next(stream)
                    if self.seed_samples:
                        yield (offset + index,
                               derive_seed(self.seed, source, position))
                    else:
                        yield offset + index

    def skip(self, num_samples: int) -> None:
        """Restart the streams and drop the first ``num_samples`` indices
        of this process (whole batches), as an uninterrupted run would have
        consumed them. Only indices are drawn; no data is loaded."""
        if num_samples < 0 or num_samples % self.batch_size:
            raise ValueError(
                f'MultiSourceSampler.skip needs a non-negative multiple of '
                f'batch_size={self.batch_size}, got {num_samples}')
        num_batches = num_samples // self.batch_size
        self.source_streams = [
            itertools.islice(stream, num_batches * count, None)
            for stream, count in zip(self._new_streams(),
                                     self.num_per_source)
        ]

    def __len__(self) -> int:
        return len(self.dataset)

    def set_epoch(self, epoch: int) -> None:
        """Not used: the streams are endless."""
