"""BoxMaskGenerator statistics and toggling; mixing pixel by pixel."""
import pytest
import torch

from mmseg_semi.models.utils import BoxMaskGenerator, mix_by_mask


def test_toggling_overlaps_is_xor():
    rects = torch.tensor([[[0, 0, 4, 4], [2, 2, 6, 6]]])  # y0, x0, y1, x1
    mask = BoxMaskGenerator.masks_from_rectangles(rects, (8, 8))[0, 0]
    expected = torch.zeros(8, 8)
    expected[0:4, 0:4] = 1
    expected[2:6, 2:6] = 1 - expected[2:6, 2:6]
    assert torch.equal(mask, expected)
    assert mask[2:4, 2:4].sum() == 0  # the overlap is toggled back
    assert mask.sum() == 16 + 16 - 2 * 4


def test_box_sizes_follow_the_area_proportion():
    gen = BoxMaskGenerator(n_boxes=1, prop_range=(0.25, 0.5))
    rects = gen.rectangles(2000, (100, 200),
                           generator=torch.Generator().manual_seed(0))
    heights = (rects[..., 2] - rects[..., 0]).float() / 100
    widths = (rects[..., 3] - rects[..., 1]).float() / 200
    areas = heights * widths
    # area = a with a ~ U(0.25, 0.5), up to rounding to whole pixels
    assert areas.min() >= 0.25 - 0.02 and areas.max() <= 0.5 + 0.02
    assert areas.mean().item() == pytest.approx(0.375, abs=0.01)
    # h in [a, 1]: boxes are inside the image
    assert (rects[..., 0] >= 0).all() and (rects[..., 2] <= 100).all()
    assert (rects[..., 1] >= 0).all() and (rects[..., 3] <= 200).all()


def test_three_boxes_each_a_third_of_the_area():
    gen = BoxMaskGenerator(n_boxes=3, prop_range=(0.25, 0.5))
    rects = gen.rectangles(3000, (120, 120),
                           generator=torch.Generator().manual_seed(1))
    areas = ((rects[..., 2] - rects[..., 0]) *
             (rects[..., 3] - rects[..., 1])).float() / 120**2
    assert areas.mean().item() == pytest.approx(0.375 / 3, abs=0.005)
    masks = gen.masks_from_rectangles(rects[:300], (120, 120))
    assert set(masks.unique().tolist()) <= {0.0, 1.0}
    coverage = masks.mean(dim=(1, 2, 3))
    # XOR of three boxes covers at most their summed area
    assert (coverage <= areas[:300].sum(-1) + 1e-6).all()
    assert 0.2 < coverage.mean().item() < 0.375


def test_same_generator_seed_same_masks():
    gen = BoxMaskGenerator()
    a = gen(4, (32, 32), generator=torch.Generator().manual_seed(5))
    b = gen(4, (32, 32), generator=torch.Generator().manual_seed(5))
    assert torch.equal(a, b)


def test_mix_by_mask_images_and_labels_agree_pixel_by_pixel():
    torch.manual_seed(0)
    img_a, img_b = torch.randn(2, 3, 8, 8), torch.randn(2, 3, 8, 8)
    lab_a = torch.randint(0, 5, (2, 8, 8))
    lab_b = torch.randint(0, 5, (2, 8, 8))
    mask = BoxMaskGenerator()(2, (8, 8),
                              generator=torch.Generator().manual_seed(3))
    img = mix_by_mask(img_a, img_b, mask)
    lab = mix_by_mask(lab_a, lab_b, mask)
    assert lab.dtype == lab_a.dtype
    inside = mask[:, 0].bool()
    assert torch.equal(img.permute(1, 0, 2, 3)[:, inside],
                       img_b.permute(1, 0, 2, 3)[:, inside])
    assert torch.equal(img.permute(1, 0, 2, 3)[:, ~inside],
                       img_a.permute(1, 0, 2, 3)[:, ~inside])
    assert torch.equal(lab[inside], lab_b[inside])
    assert torch.equal(lab[~inside], lab_a[~inside])
    # the same as the arithmetic form for a binary mask
    assert torch.equal(img, img_a * (1 - mask) + img_b * mask)


@pytest.mark.parametrize('kwargs', [
    dict(n_boxes=0),
    dict(prop_range=(0.0, 0.5)),
    dict(prop_range=(0.6, 0.5)),
])
def test_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        BoxMaskGenerator(**kwargs)
