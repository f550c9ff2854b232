"""tools/misc/split_dataset.py on fake dataset layouts in tmp_path."""
import os.path as osp
import subprocess
import sys

import pytest

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SCRIPT = osp.join(REPO_ROOT, 'tools', 'misc', 'split_dataset.py')


split_dataset = load_tool('misc/split_dataset.py')


def touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'')


def make_camvid(root, n=40, labels=True):
    stems = [f'0001TP_{i:06d}' for i in range(n)]
    (root / 'train.txt').parent.mkdir(parents=True, exist_ok=True)
    (root / 'train.txt').write_text(''.join(s + '\n' for s in stems))
    if labels:
        for stem in stems:
            touch(root / 'trainannot' / f'{stem}.png')
    return stems


def read(path):
    with open(path) as f:
        return [line.rstrip('\n') for line in f]


def run(*argv):
    return split_dataset.main([str(a) for a in argv])


def test_camvid_fraction_split(tmp_path):
    stems = make_camvid(tmp_path, n=40)
    assert run('camvid', tmp_path, '--fraction', 0.125) == 0
    out = tmp_path / 'splits' / '1-8'
    labeled = read(out / 'labeled.txt')
    unlabeled = read(out / 'unlabeled.txt')
    assert len(labeled) == 5  # round(40 * 0.125)
    assert not set(labeled) & set(unlabeled)
    assert sorted(labeled + unlabeled) == sorted(stems)
    assert labeled == sorted(labeled) and unlabeled == sorted(unlabeled)
    assert not list(out.glob('*.tmp'))


@pytest.mark.parametrize('n,fraction,expected', [(40, 0.3, 12),
                                                 (37, 0.25, 9),
                                                 (37, 0.1, 4),
                                                 (10, 0.17, 2)])
def test_count_is_rounded(n, fraction, expected):
    assert split_dataset.num_labeled_of(n, fraction, None) == expected


def test_same_seed_same_lists_other_seed_other_lists(tmp_path):
    make_camvid(tmp_path, n=40)
    lists = {}
    for seed, out in ((0, 'a'), (0, 'b'), (1, 'c')):
        run('camvid', tmp_path, '--fraction', 0.25, '--seed', seed,
            '--out-dir', tmp_path / out)
        lists[out] = read(tmp_path / out / '1-4' / 'labeled.txt')
    assert lists['a'] == lists['b']
    assert lists['a'] != lists['c']
    # independent of the order of the pool file
    stems = read(tmp_path / 'train.txt')
    (tmp_path / 'train.txt').write_text(''.join(
        s + '\n' for s in reversed(stems)))
    run('camvid', tmp_path, '--fraction', 0.25, '--seed', 0, '--out-dir',
        tmp_path / 'd')
    assert read(tmp_path / 'd' / '1-4' / 'labeled.txt') == lists['a']


def test_num_labeled_and_several_fractions(tmp_path):
    make_camvid(tmp_path, n=40)
    run('camvid', tmp_path, '--num-labeled', 20, 7)
    assert len(read(tmp_path / 'splits' / '20' / 'labeled.txt')) == 20
    assert len(read(tmp_path / 'splits' / '20' / 'unlabeled.txt')) == 20
    assert len(read(tmp_path / 'splits' / '7' / 'labeled.txt')) == 7
    run('camvid', tmp_path, '--fraction', 0.0625, 0.5, 0.3)
    assert len(read(tmp_path / 'splits' / '1-16' / 'labeled.txt')) == 2
    assert len(read(tmp_path / 'splits' / '1-2' / 'labeled.txt')) == 20
    assert len(read(tmp_path / 'splits' / '0.3' / 'labeled.txt')) == 12


def test_split_names():
    assert split_dataset.split_name(0.125, None) == '1-8'
    assert split_dataset.split_name(0.0625, None) == '1-16'
    assert split_dataset.split_name(0.5, None) == '1-2'
    assert split_dataset.split_name(0.3, None) == '0.3'
    assert split_dataset.split_name(None, 20) == '20'


@pytest.mark.parametrize('fraction', [0, 1, 1.5, -0.1, 0.001])
def test_bad_fractions(tmp_path, fraction):
    make_camvid(tmp_path, n=40)
    with pytest.raises(ValueError, match='--fraction'):
        run('camvid', tmp_path, '--fraction', fraction)
    assert not (tmp_path / 'splits').exists()


@pytest.mark.parametrize('num', [40, 41, 0])
def test_bad_num_labeled(tmp_path, num):
    make_camvid(tmp_path, n=40)
    with pytest.raises(ValueError, match='--num-labeled'):
        run('camvid', tmp_path, '--num-labeled', num)


def test_missing_pool_list(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        run('camvid', tmp_path, '--fraction', 0.5)
    assert str(tmp_path / 'train.txt') in str(err.value)


def test_existing_output_needs_overwrite(tmp_path):
    make_camvid(tmp_path, n=40)
    out = tmp_path / 'splits' / '1-8'
    out.mkdir(parents=True)
    (out / 'labeled.txt').write_text('keep me\n')
    with pytest.raises(FileExistsError) as err:
        run('camvid', tmp_path, '--fraction', 0.125)
    assert 'labeled.txt' in str(err.value)
    assert '--overwrite' in str(err.value)
    assert (out / 'labeled.txt').read_text() == 'keep me\n'
    assert not (out / 'unlabeled.txt').exists()
    run('camvid', tmp_path, '--fraction', 0.125, '--overwrite')
    assert len(read(out / 'labeled.txt')) == 5


def test_labelled_image_without_label_file(tmp_path):
    stems = make_camvid(tmp_path, n=40, labels=False)
    count = split_dataset.num_labeled_of(len(stems), 0.125, None)
    labeled, _ = split_dataset.make_split(stems, count, 0)
    with pytest.raises(FileNotFoundError) as err:
        run('camvid', tmp_path, '--fraction', 0.125)
    assert str(tmp_path / 'trainannot' / f'{labeled[0]}.png') in str(
        err.value)
    assert not (tmp_path / 'splits').exists()


def test_unlabelled_images_need_no_label(tmp_path):
    stems = make_camvid(tmp_path, n=40, labels=False)
    labeled, _ = split_dataset.make_split(stems, 5, 0)
    for stem in labeled:
        touch(tmp_path / 'trainannot' / f'{stem}.png')
    run('camvid', tmp_path, '--fraction', 0.125)
    assert read(tmp_path / 'splits' / '1-8' / 'labeled.txt') == labeled


# ---------------------------------------------------------------- VOC aug
def make_voc(root, ids, labelled_ids=None, trainaug=True):
    sets = root / 'ImageSets' / 'Segmentation'
    sets.mkdir(parents=True)
    if trainaug:
        (sets / 'trainaug.txt').write_text(''.join(i + '\n' for i in ids))
    for i in ids if labelled_ids is None else labelled_ids:
        touch(root / 'SegmentationClassAug' / f'{i}.png')
    for i in ids:
        touch(root / 'JPEGImages' / f'{i}.jpg')


VOC_IDS = [f'2007_{i:06d}' for i in range(30)]


def test_voc12aug_layout_readable_by_mmseg(tmp_path):
    make_voc(tmp_path, VOC_IDS)
    run('voc12aug', tmp_path, '--num-labeled', 6, '--seed', 3)
    out = tmp_path / 'splits' / '6'
    labeled = read(out / 'labeled.txt')
    unlabeled = read(out / 'unlabeled.txt')
    assert len(labeled) == 6
    assert sorted(labeled + unlabeled) == VOC_IDS
    # MMSeg's PascalVOCDataset reads the list as ann_file
    from mmseg.registry import DATASETS
    dataset = DATASETS.build(
        dict(
            type='PascalVOCDataset',
            data_root=str(tmp_path),
            data_prefix=dict(
                img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
            ann_file='splits/6/labeled.txt',
            pipeline=[]))
    assert len(dataset) == 6
    for i in range(len(dataset)):
        info = dataset.get_data_info(i)
        assert osp.isfile(info['img_path']) and osp.isfile(
            info['seg_map_path'])


def test_voc12aug_train_plus_aug_deduplicated(tmp_path):
    make_voc(tmp_path, VOC_IDS, trainaug=False)
    sets = tmp_path / 'ImageSets' / 'Segmentation'
    (sets / 'train.txt').write_text(''.join(i + '\n' for i in VOC_IDS[:20]))
    (sets / 'aug.txt').write_text(''.join(i + '\n' for i in VOC_IDS[10:]))
    run('voc12aug', tmp_path, '--fraction', 0.1)
    out = tmp_path / 'splits' / '1-10'
    labeled = read(out / 'labeled.txt')
    unlabeled = read(out / 'unlabeled.txt')
    assert len(labeled) == 3
    assert sorted(labeled + unlabeled) == VOC_IDS  # each id once


def test_voc12aug_labelled_id_without_mask(tmp_path):
    make_voc(tmp_path, VOC_IDS, labelled_ids=[])
    labeled, _ = split_dataset.make_split(VOC_IDS, 6, 0)
    with pytest.raises(FileNotFoundError) as err:
        run('voc12aug', tmp_path, '--num-labeled', 6)
    assert str(tmp_path / 'SegmentationClassAug' /
               f'{labeled[0]}.png') in str(err.value)


# ------------------------------------------------------------- Cityscapes
def make_cityscapes(root, per_city=4, labels=True):
    stems = []
    for city in ('aachen', 'bochum', 'zurich'):
        for i in range(per_city):
            stem = f'{city}_{i:06d}_000019'
            stems.append(f'{city}/{stem}')
            touch(root / 'leftImg8bit' / 'train' / city /
                  f'{stem}_leftImg8bit.png')
            if labels:
                touch(root / 'gtFine' / 'train' / city /
                      f'{stem}_gtFine_labelTrainIds.png')
    # files that are not train images are ignored
    touch(root / 'leftImg8bit' / 'val' / 'lindau' /
          'lindau_000000_000019_leftImg8bit.png')
    touch(root / 'leftImg8bit' / 'train' / 'aachen' / 'notes.txt')
    return sorted(stems)


def test_cityscapes_layout_readable_by_mmseg(tmp_path):
    stems = make_cityscapes(tmp_path)
    run('cityscapes', tmp_path, '--fraction', 0.25)
    out = tmp_path / 'splits' / '1-4'
    labeled = read(out / 'labeled.txt')
    unlabeled = read(out / 'unlabeled.txt')
    assert len(labeled) == 3  # round(12 * 0.25)
    assert sorted(labeled + unlabeled) == stems
    assert all(s.count('/') == 1 for s in labeled)
    from mmseg.registry import DATASETS
    for name, count in (('labeled', 3), ('unlabeled', 9)):
        dataset = DATASETS.build(
            dict(
                type='CityscapesDataset',
                data_root=str(tmp_path),
                data_prefix=dict(
                    img_path='leftImg8bit/train', seg_map_path='gtFine/train'),
                ann_file=f'splits/1-4/{name}.txt',
                pipeline=[]))
        assert len(dataset) == count
        for i in range(len(dataset)):
            info = dataset.get_data_info(i)
            assert osp.isfile(info['img_path']), info['img_path']
            assert osp.isfile(info['seg_map_path']), info['seg_map_path']


def test_cityscapes_labelled_image_without_label(tmp_path):
    stems = make_cityscapes(tmp_path, labels=False)
    labeled, _ = split_dataset.make_split(stems, 4, 0)
    with pytest.raises(FileNotFoundError) as err:
        run('cityscapes', tmp_path, '--num-labeled', 4)
    assert str(tmp_path / 'gtFine' / 'train' /
               f'{labeled[0]}_gtFine_labelTrainIds.png') in str(err.value)


def test_cityscapes_missing_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match='leftImg8bit'):
        run('cityscapes', tmp_path, '--fraction', 0.5)


def test_pool_too_small(tmp_path):
    make_camvid(tmp_path, n=1)
    with pytest.raises(ValueError, match='at least 2'):
        run('camvid', tmp_path, '--num-labeled', 1)


# -------------------------------------------------------------------- CLI
def test_cli_success_and_clean_error(tmp_path):
    make_camvid(tmp_path, n=16)
    ok = subprocess.run(
        [sys.executable, SCRIPT, 'camvid', str(tmp_path), '--fraction',
         '0.25'],
        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert '4 labelled / 12 unlabelled' in ok.stdout
    again = subprocess.run(
        [sys.executable, SCRIPT, 'camvid', str(tmp_path), '--fraction',
         '0.25'],
        capture_output=True, text=True, timeout=60)
    assert again.returncode == 1
    assert again.stderr.startswith('split_dataset.py: error:')
    assert 'Traceback' not in again.stderr
    both = subprocess.run(
        [sys.executable, SCRIPT, 'camvid', str(tmp_path), '--fraction',
         '0.25', '--num-labeled', '3'],
        capture_output=True, text=True, timeout=60)
    assert both.returncode == 2  # argparse: mutually exclusive
