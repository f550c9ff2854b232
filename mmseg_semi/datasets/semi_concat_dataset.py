"""The training set of a semi-supervised run."""
import copy
from typing import List, Optional, Sequence, Union

from mmengine.dataset import BaseDataset, ConcatDataset

from mmseg.registry import DATASETS
from ..utils.seeding import seeded_rng

SPLIT_FIELD = '{split}'


@DATASETS.register_module()
class SemiConcatDataset(ConcatDataset):
    """Sources of one labelled/unlabelled split, concatenated (labelled
    first), for :class:`MultiSourceSampler`.

    On top of MMEngine's ``ConcatDataset`` it does two things:

    - **The split is one field.** ``split='1-4'`` fills ``{split}`` in each
      source config's ``ann_file`` (``'splits/{split}/labeled.txt'``), so a
      child config changes the split with
      ``train_dataloader = dict(dataset=dict(split='1-4'))`` instead of
      re-listing the sources.
    - **Seeded samples.** An index may be an ``(index, seed)`` pair, as
      :class:`MultiSourceSampler` yields: the sample's pipeline then runs
      with every global RNG (``random``, NumPy, torch) seeded by ``seed``
      and restored afterwards (:func:`seeded_rng`). Its augmentation is a
      function of the seed alone, whichever worker loads it, which is what
      makes resumed runs exact. Plain integer indices load as usual.

    Args:
        datasets (list[dict | BaseDataset]): the sources, labelled first.
        split (str, optional): value of ``{split}`` in the sources'
            ``ann_file``. Required when one of them contains ``{split}``.
        lazy_init, ignore_keys: as MMEngine's ``ConcatDataset``.
    """
    accepts_sample_seeds = True

    def __init__(self,
                 datasets: Sequence[Union[BaseDataset, dict]],
                 split: Optional[str] = None,
                 lazy_init: bool = False,
                 ignore_keys: Union[str, List[str], None] = None) -> None:
        self.split = split
        super().__init__(
            [self._fill_split(dataset, i) for i, dataset in
             enumerate(datasets)],
            lazy_init=lazy_init,
            ignore_keys=ignore_keys)

    def _fill_split(self, dataset: Union[BaseDataset, dict],
                    position: int) -> Union[BaseDataset, dict]:
        if not isinstance(dataset, dict):
            return dataset
        ann_file = dataset.get('ann_file', '')
        if SPLIT_FIELD not in ann_file:
            return dataset
        if self.split is None:
            raise ValueError(
                f'source {position} of SemiConcatDataset has '
                f'ann_file={ann_file!r} but no split is set: add '
                "split='1-8' (or another split) to the SemiConcatDataset "
                'config')
        dataset = copy.deepcopy(dataset)
        dataset['ann_file'] = ann_file.replace(SPLIT_FIELD, str(self.split))
        return dataset

    def __getitem__(self, idx):
        if isinstance(idx, (tuple, list)):
            index, seed = idx
            with seeded_rng(seed):
                return super().__getitem__(index)
        return super().__getitem__(idx)
