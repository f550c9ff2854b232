"""MultiSourceSampler: per-batch source shares, seeding, rank sharding."""
import itertools
from unittest import mock

import pytest
from mmengine.dataset import BaseDataset, ConcatDataset
from torch.utils.data import DataLoader

from mmseg.registry import DATA_SAMPLERS
from mmseg_semi.datasets import MultiSourceSampler

PATCH_DIST = ('mmseg_semi.datasets.samplers.multi_source_sampler.'
              'get_dist_info')


class ToyDataset(BaseDataset):
    """``n`` samples ``{'source': name, 'idx': i}``."""
    METAINFO = dict(classes=('a', 'b'))

    def __init__(self, n, name='toy'):
        self.n, self.name = n, name
        super().__init__(serialize_data=False)

    def load_data_list(self):
        return [dict(source=self.name, idx=i) for i in range(self.n)]


def concat(*sizes):
    return ConcatDataset(
        [ToyDataset(n, f'src{i}') for i, n in enumerate(sizes)])


def take(sampler, n):
    return list(itertools.islice(iter(sampler), n))


def source_of(index, sizes):
    """Source id and local index of a ConcatDataset index."""
    for src, size in enumerate(sizes):
        if index < size:
            return src, index
        index -= size
    raise AssertionError(f'index out of range: {index}')


@pytest.mark.parametrize('sizes,batch_size,ratio,expected', [
    ((5, 17), 4, [1, 3], [1, 3]),
    ((5, 17), 8, [1, 1], [4, 4]),
    ((5, 17), 5, [2, 2], [3, 2]),  # source 0 takes the remainder
    ((3, 7, 11), 6, [1, 2, 3], [1, 2, 3]),
    ((3, 7, 11), 7, [1, 1, 1], [3, 2, 2]),
])
def test_every_batch_has_the_source_shares(sizes, batch_size, ratio,
                                           expected):
    dataset = concat(*sizes)
    sampler = MultiSourceSampler(dataset, batch_size, ratio, seed=3)
    assert sampler.num_per_source == expected
    stream = take(sampler, batch_size * 25)
    for start in range(0, len(stream), batch_size):
        batch = stream[start:start + batch_size]
        sources = [source_of(i, sizes)[0] for i in batch]
        # exactly num_per_source of each source, in source order
        expected_sources = [
            src for src, count in enumerate(expected) for _ in range(count)
        ]
        assert sources == expected_sources


def test_each_pass_of_a_source_is_a_permutation():
    sizes = (5, 17)
    sampler = MultiSourceSampler(concat(*sizes), 4, [1, 3], seed=0)
    per_source = {0: [], 1: []}
    for index in take(sampler, 4 * 40):  # 40 of source 0, 120 of source 1
        src, local = source_of(index, sizes)
        per_source[src].append(local)
    for src, size in enumerate(sizes):
        stream = per_source[src]
        passes = [stream[i:i + size] for i in range(0, len(stream), size)]
        for one_pass in passes[:-1]:
            assert sorted(one_pass) == list(range(size))
    # shuffled, and a new permutation every pass
    assert per_source[1][:17] != list(range(17))
    assert per_source[1][:17] != per_source[1][17:34]


def test_no_shuffle_is_sequential():
    sizes = (3, 4)
    sampler = MultiSourceSampler(
        concat(*sizes), 2, [1, 1], shuffle=False, seed=0)
    stream = take(sampler, 10)
    assert stream == [0, 3, 1, 4, 2, 5, 0, 6, 1, 3]


def test_same_seed_same_stream_other_seed_other_stream():
    dataset = concat(10, 30)
    first = take(MultiSourceSampler(dataset, 4, [1, 3], seed=7), 200)
    again = take(MultiSourceSampler(dataset, 4, [1, 3], seed=7), 200)
    other = take(MultiSourceSampler(dataset, 4, [1, 3], seed=8), 200)
    assert first == again
    assert first != other
    # two iterators of one sampler continue one stream (endless sampler)
    sampler = MultiSourceSampler(dataset, 4, [1, 3], seed=7)
    assert take(sampler, 100) + take(sampler, 100) == first


def test_seed_none_uses_the_synced_seed():
    with mock.patch(
            'mmseg_semi.datasets.samplers.multi_source_sampler.'
            'sync_random_seed',
            return_value=123) as synced:
        sampler = MultiSourceSampler(concat(4, 8), 4, [1, 1])
    synced.assert_called_once()
    assert sampler.seed == 123
    assert take(sampler, 40) == take(
        MultiSourceSampler(concat(4, 8), 4, [1, 1], seed=123), 40)


def sampler_on_rank(rank, dataset, batch_size, ratio, seed=0):
    with mock.patch(PATCH_DIST, return_value=(rank, 2)):
        return MultiSourceSampler(dataset, batch_size, ratio, seed=seed)


def test_ranks_split_each_pass_of_each_source():
    sizes = (6, 10)  # even, so each rank gets half of every pass
    dataset = concat(*sizes)
    streams = []
    for rank in (0, 1):
        sampler = sampler_on_rank(rank, dataset, 4, [1, 1])
        assert (sampler.rank, sampler.world_size) == (rank, 2)
        per_source = {0: [], 1: []}
        for index in take(sampler, 4 * 10):  # 20 per source and rank
            src, local = source_of(index, sizes)
            per_source[src].append(local)
        streams.append(per_source)
        # batches still have 2 + 2 samples, labelled first
        stream = take(sampler_on_rank(rank, dataset, 4, [1, 1]), 16)
        for start in range(0, 16, 4):
            assert [source_of(i, sizes)[0]
                    for i in stream[start:start + 4]] == [0, 0, 1, 1]
    for src, size in enumerate(sizes):
        first_pass = [streams[rank][src][:size // 2] for rank in (0, 1)]
        assert not set(first_pass[0]) & set(first_pass[1])
        assert sorted(first_pass[0] + first_pass[1]) == list(range(size))
    # the ranks do not see the same sample at the same step
    assert streams[0][1][:5] != streams[1][1][:5]


def test_world_size_one_equals_interleaved_ranks():
    """Rank r of 2 takes every second element of the single-process
    stream of each source."""
    sizes = (6, 10)
    dataset = concat(*sizes)
    single = MultiSourceSampler(dataset, 2, [1, 1], seed=5)
    single_src1 = [
        source_of(i, sizes)[1] for i in take(single, 80)
        if source_of(i, sizes)[0] == 1
    ]
    for rank in (0, 1):
        sampler = sampler_on_rank(rank, dataset, 2, [1, 1], seed=5)
        src1 = [
            source_of(i, sizes)[1] for i in take(sampler, 40)
            if source_of(i, sizes)[0] == 1
        ]
        assert src1 == single_src1[rank::2][:len(src1)]


def test_with_a_dataloader():
    sizes = (3, 9)
    dataset = concat(*sizes)
    sampler = MultiSourceSampler(dataset, 4, [1, 3], seed=0)
    loader = DataLoader(
        dataset,
        batch_size=4,
        sampler=sampler,
        collate_fn=lambda batch: batch,
        num_workers=0)
    for batch in itertools.islice(loader, 6):
        assert [s['source'] for s in batch] == ['src0'] + ['src1'] * 3


def test_build_from_registry():
    sampler = DATA_SAMPLERS.build(
        dict(type='MultiSourceSampler', batch_size=4, source_ratio=[1, 1],
             seed=0),
        default_args=dict(dataset=concat(2, 2)))
    assert isinstance(sampler, MultiSourceSampler)
    assert len(sampler) == 4
    sampler.set_epoch(3)  # accepted, no effect
    assert take(sampler, 8) == take(
        MultiSourceSampler(concat(2, 2), 4, [1, 1], seed=0), 8)


def test_not_a_concat_dataset():
    with pytest.raises(TypeError, match='ConcatDataset'):
        MultiSourceSampler(ToyDataset(4), 4, [1])


def test_ratio_length_mismatch():
    with pytest.raises(ValueError, match='source_ratio has 3 entries'):
        MultiSourceSampler(concat(4, 4), 4, [1, 1, 1], seed=0)


@pytest.mark.parametrize('batch_size,ratio', [(1, [1, 1]), (4, [10, 1]),
                                              (2, [1, 1, 1])])
def test_batch_too_small_for_every_source(batch_size, ratio):
    dataset = concat(*([4] * len(ratio)))
    with pytest.raises(ValueError, match='without samples'):
        MultiSourceSampler(dataset, batch_size, ratio, seed=0)


@pytest.mark.parametrize('batch_size', [0, -2, 2.0])
def test_bad_batch_size(batch_size):
    with pytest.raises(ValueError, match='batch_size'):
        MultiSourceSampler(concat(4, 4), batch_size, [1, 1], seed=0)


def test_non_positive_ratio_and_empty_source():
    with pytest.raises(ValueError, match='> 0'):
        MultiSourceSampler(concat(4, 4), 4, [1, 0], seed=0)
    with pytest.raises(ValueError, match='empty'):
        MultiSourceSampler(concat(4, 0), 4, [1, 1], seed=0)


@pytest.mark.parametrize('batch_size,ratio,expected', [
    (6, [0.7, 0.7], [3, 3]),
    (4, [0.1, 0.3], [1, 3]),
    (8, [0.5, 0.3], [5, 3]),
])
def test_float_ratios_split_exactly(batch_size, ratio, expected):
    """floor(batch_size * r_i / sum(r)) as documented, in exact arithmetic:
    equal ratios give equal shares."""
    sampler = MultiSourceSampler(concat(8, 8), batch_size, ratio, seed=0)
    assert sampler.num_per_source == expected


@pytest.mark.parametrize('num_iters', [0, 1, 7, 30])
def test_skip_resumes_the_uninterrupted_stream(num_iters):
    """Resume: a fresh sampler that skips ``num_iters`` batches yields what
    the uninterrupted sampler yields after them (across pass boundaries)."""
    batch_size = 4
    full = take(MultiSourceSampler(concat(5, 9), batch_size, [1, 3],
                                   seed=2), batch_size * (num_iters + 10))
    resumed = MultiSourceSampler(concat(5, 9), batch_size, [1, 3], seed=2)
    take(resumed, batch_size * 3)  # it was iterated before: skip restarts
    resumed.skip(num_iters * batch_size)
    assert take(resumed, batch_size * 10) == full[batch_size * num_iters:]


def test_skip_rejects_partial_batches():
    sampler = MultiSourceSampler(concat(5, 9), 4, [1, 3], seed=2)
    with pytest.raises(ValueError, match='multiple of batch_size=4'):
        sampler.skip(6)
