"""SemiConcatDataset (split field, seeded samples) and the seeds
MultiSourceSampler gives each sample."""
import itertools

import numpy as np
import pytest
import torch
from mmengine.dataset import BaseDataset

from mmseg.registry import DATA_SAMPLERS
from mmseg_semi.datasets import SemiConcatDataset


class RandomDraws(BaseDataset):
    """Each sample is the random draws its 'pipeline' makes."""

    def __init__(self, size, ann_file=''):
        self.size = size
        super().__init__(ann_file=ann_file, lazy_init=True)

    def full_init(self):
        self._fully_initialized = True

    def __len__(self):
        return self.size

    def __getitem__(self, idx):
        return (idx, float(np.random.rand()), float(torch.rand(1)))


def _sampler(dataset, **kwargs):
    return DATA_SAMPLERS.build(
        dict(type='MultiSourceSampler', dataset=dataset, batch_size=4,
             source_ratio=[1, 1], seed=3, **kwargs))


def test_split_fills_ann_file(tmp_path):
    from mmseg.registry import DATASETS

    @DATASETS.register_module(force=True)
    class AnnFileEcho(RandomDraws):

        def __init__(self, ann_file):
            super().__init__(2, ann_file)

    ds = SemiConcatDataset(
        [dict(type='AnnFileEcho', ann_file='splits/{split}/labeled.txt')],
        split='1-4')
    assert ds.datasets[0].ann_file == 'splits/1-4/labeled.txt'
    with pytest.raises(ValueError, match='no split is set'):
        SemiConcatDataset(
            [dict(type='AnnFileEcho', ann_file='splits/{split}/x.txt')])


def test_seeded_samples_do_not_depend_on_the_loading_order():
    dataset = SemiConcatDataset([RandomDraws(5), RandomDraws(7)])
    keys = list(itertools.islice(iter(_sampler(dataset)), 40))
    assert all(isinstance(k, tuple) for k in keys)
    in_order = [dataset[k] for k in keys]
    np.random.seed(123)
    torch.manual_seed(123)
    reversed_ = [dataset[k] for k in reversed(keys)][::-1]
    assert in_order == reversed_
    # different positions draw differently, even for the same image
    assert len({sample[1] for sample in in_order}) == len(in_order)


def test_loading_leaves_the_callers_rng_untouched():
    dataset = SemiConcatDataset([RandomDraws(5), RandomDraws(7)])
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    dataset[(2, 99)]
    assert torch.equal(torch.rand(3), expected)


def test_skip_resumes_the_same_keys():
    dataset = SemiConcatDataset([RandomDraws(5), RandomDraws(7)])
    straight = list(itertools.islice(iter(_sampler(dataset)), 24))
    resumed = _sampler(dataset)
    resumed.skip(12)
    assert list(itertools.islice(iter(resumed), 12)) == straight[12:]


def test_plain_concat_dataset_gets_plain_indices():
    from mmengine.dataset import ConcatDataset
    dataset = ConcatDataset([RandomDraws(5), RandomDraws(7)])
    keys = list(itertools.islice(iter(_sampler(dataset)), 8))
    assert all(isinstance(k, int) for k in keys)
