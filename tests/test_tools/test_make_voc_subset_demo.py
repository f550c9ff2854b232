"""tools/misc/make_voc_subset_demo.py on a fake VOC-subset root, and the
claims made about the bundled copy data/voc_subset_demo."""
import os.path as osp

import numpy as np
import pytest
from PIL import Image

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
SCRIPT = osp.join(REPO_ROOT, 'tools', 'misc', 'make_voc_subset_demo.py')
DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'voc_subset_demo')
BENCHMARK_SPLIT = osp.join(REPO_ROOT, 'data', 'voc_subset', 'splits', '92')
SHARED_VOC = osp.join(REPO_ROOT, '..', 'shared', 'data', 'voc_subset')


tool = load_tool('misc/make_voc_subset_demo.py')


def read(path):
    with open(path) as f:
        return [line.rstrip('\n') for line in f]


def write(path, stems):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(s + '\n' for s in stems))


def palette_mask(width, height):
    """A palette mask with a class-12 (dog) block, a 255 band and
    background, VOC palette entries for those indices."""
    mask = np.zeros((height, width), np.uint8)
    mask[:, width // 2:] = 12
    mask[:, width // 2 - 2:width // 2] = 255
    image = Image.fromarray(mask, mode='P')
    palette = [0] * 768
    palette[12 * 3:12 * 3 + 3] = [64, 0, 128]
    palette[255 * 3:255 * 3 + 3] = [224, 224, 192]
    image.putpalette(palette)
    return image


def make_fake_voc(root, train, val, width=320, height=240):
    for sub in ('JPEGImages', 'SegmentationClass'):
        (root / sub).mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for stem in train + val:
        pixels = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(root / 'JPEGImages' / f'{stem}.jpg')
        palette_mask(width, height).save(root / 'SegmentationClass' /
                                         f'{stem}.png')
    write(root / 'train.txt', train)
    write(root / 'val.txt', val)


def test_scales_images_keeps_palette_and_ignore_band(tmp_path):
    train = [f'2008_{i:06d}' for i in range(9)]
    val = ['2007_000001', '2007_000002']
    src, out = tmp_path / 'src', tmp_path / 'out'
    make_fake_voc(src, train, val)
    split = tmp_path / 'splits' / '3'
    write(split / 'labeled.txt', train[:3])
    write(split / 'unlabeled.txt', train[3:])

    assert tool.main([str(src), str(out), '--split-dir', str(split),
                      '--step', '2', '--scale', str(2 / 3)]) == 0

    unlabeled = train[3:][::2]
    assert read(out / 'splits' / '3' / 'labeled.txt') == train[:3]
    assert read(out / 'splits' / '3' / 'unlabeled.txt') == unlabeled
    assert read(out / 'train.txt') == train[:3] + unlabeled
    assert read(out / 'val.txt') == val
    for stem in train[:3] + unlabeled + val:
        with Image.open(out / 'JPEGImages' / f'{stem}.jpg') as img:
            assert img.size == (213, 160)  # 320x240 * 2/3
    for stem in train[:3] + val:  # labelled and val keep their masks
        with Image.open(out / 'SegmentationClass' / f'{stem}.png') as ann:
            assert ann.mode == 'P' and ann.size == (213, 160)
            values = np.array(ann)
            assert set(np.unique(values)) == {0, 12, 255}
            assert ann.getpalette()[12 * 3:12 * 3 + 3] == [64, 0, 128]
    for stem in unlabeled:  # an unlabelled set has no masks
        assert not (out / 'SegmentationClass' / f'{stem}.png').exists()
    # images left out by --step are not written
    assert not (out / 'JPEGImages' / f'{train[4]}.jpg').exists()


def test_scale_one_copies_the_files_byte_for_byte(tmp_path):
    """The default scale 1 (the bundled copy) re-encodes nothing: images
    and masks are the source files; unlabelled images get no mask."""
    train = [f'2008_{i:06d}' for i in range(4)]
    val = ['2007_000001']
    src, out = tmp_path / 'src', tmp_path / 'out'
    make_fake_voc(src, train, val)
    split = tmp_path / 'splits' / '2'
    write(split / 'labeled.txt', train[:2])
    write(split / 'unlabeled.txt', train[2:])

    assert tool.main([str(src), str(out), '--split-dir', str(split),
                      '--step', '1']) == 0

    for stem in train + val:
        assert (out / 'JPEGImages' / f'{stem}.jpg').read_bytes() == (
            src / 'JPEGImages' / f'{stem}.jpg').read_bytes()
    for stem in train[:2] + val:
        assert (out / 'SegmentationClass' / f'{stem}.png').read_bytes() == (
            src / 'SegmentationClass' / f'{stem}.png').read_bytes()
    for stem in train[2:]:
        assert not (out / 'SegmentationClass' / f'{stem}.png').exists()


@pytest.mark.parametrize('scale', ['1', str(2 / 3)])
def test_mask_that_is_not_a_palette_png_is_named(tmp_path, scale):
    """An RGB mask would lose the class indices: refused at every scale,
    naming the file."""
    src = tmp_path / 'src'
    make_fake_voc(src, ['a'], ['v'])
    Image.new('RGB', (320, 240)).save(src / 'SegmentationClass' / 'a.png')
    split = tmp_path / 'splits' / '1'
    write(split / 'labeled.txt', ['a'])
    write(split / 'unlabeled.txt', [])
    with pytest.raises(ValueError,
                       match=r'SegmentationClass.*a\.png.*mode P'):
        tool.main([str(src), str(tmp_path / 'out'), '--split-dir',
                   str(split), '--scale', scale])


def test_missing_mask_is_named(tmp_path):
    train, val = ['a', 'b'], ['c']
    src = tmp_path / 'src'
    make_fake_voc(src, train, val)
    (src / 'SegmentationClass' / 'c.png').unlink()
    split = tmp_path / 'splits' / '1'
    write(split / 'labeled.txt', ['a'])
    write(split / 'unlabeled.txt', ['b'])
    with pytest.raises(FileNotFoundError, match=r'SegmentationClass.*c\.png'):
        tool.main([str(src), str(tmp_path / 'out'), '--split-dir',
                   str(split)])


def test_bundled_copy_is_the_benchmark_split():
    """data/voc_subset_demo holds the benchmark's 92 labelled images, every
    third of its unlabelled ones and all 245 val images, as its configs
    and the README say."""
    labeled = read(osp.join(DEMO_ROOT, 'splits', '92', 'labeled.txt'))
    unlabeled = read(osp.join(DEMO_ROOT, 'splits', '92', 'unlabeled.txt'))
    assert labeled == read(osp.join(BENCHMARK_SPLIT, 'labeled.txt'))
    assert unlabeled == read(osp.join(BENCHMARK_SPLIT,
                                      'unlabeled.txt'))[::3]
    assert len(labeled) == 92 and len(unlabeled) == 458
    val = read(osp.join(DEMO_ROOT, 'val.txt'))
    assert len(val) == 245
    for stem in labeled + unlabeled + val:
        assert osp.isfile(osp.join(DEMO_ROOT, 'JPEGImages', stem + '.jpg'))
    for stem in labeled + val:
        assert osp.isfile(
            osp.join(DEMO_ROOT, 'SegmentationClass', stem + '.png'))


@pytest.mark.skipif(
    not osp.isfile(osp.join(SHARED_VOC, 'val.txt')),
    reason='../shared/data/voc_subset not present')
def test_bundled_files_are_the_subset_files():
    """The bundled images and masks are the VOC subset's own files, so the
    demo validates on the benchmark's val images at their size."""
    labeled = read(osp.join(DEMO_ROOT, 'splits', '92', 'labeled.txt'))
    unlabeled = read(osp.join(DEMO_ROOT, 'splits', '92', 'unlabeled.txt'))
    val = read(osp.join(DEMO_ROOT, 'val.txt'))
    assert val == read(osp.join(SHARED_VOC, 'val.txt'))
    files = [('JPEGImages', s + '.jpg') for s in labeled + unlabeled + val]
    files += [('SegmentationClass', s + '.png') for s in labeled + val]
    for folder, name in files[::7]:
        with open(osp.join(SHARED_VOC, folder, name), 'rb') as f:
            original = f.read()
        with open(osp.join(DEMO_ROOT, folder, name), 'rb') as f:
            assert f.read() == original, name
