"""s4GAN's parts: discriminator, feature matching, discriminator inputs."""
import pytest
import torch
import torch.nn.functional as F

from mmseg.registry import MODELS
from mmseg_semi.models import FeatureMatchingLoss, S4GANDiscriminator
from mmseg_semi.models.utils import (class_map_with_image, min_max_scale,
                                     one_hot_labels)


@pytest.mark.parametrize('size', [(32, 32), (48, 80), (65, 33)])
def test_discriminator_shapes_for_any_input_size(size):
    disc = MODELS.build(dict(type='S4GANDiscriminator', in_channels=24))
    logits, features = disc(torch.randn(3, 24, *size))
    assert logits.shape == (3, 1)
    assert features.shape == (3, 512)


def test_discriminator_layout_and_pooling():
    disc = S4GANDiscriminator(in_channels=5, channels=(4, 6, 8, 10))
    convs = [m for m in disc.convs if isinstance(m, torch.nn.Conv2d)]
    assert [c.out_channels for c in convs] == [4, 6, 8, 10]
    assert all(c.kernel_size == (4, 4) and c.stride == (2, 2)
               and c.padding == (1, 1) and c.bias is not None
               for c in convs)
    assert sum(isinstance(m, torch.nn.Dropout2d) for m in disc.convs) == 3
    disc.eval()  # no dropout: the feature is the mean of the last map
    x = torch.randn(2, 5, 32, 32)
    last = disc.convs(x)
    _, features = disc(x)
    torch.testing.assert_close(features, last.mean(dim=(2, 3)))
    with pytest.raises(ValueError, match=r'\(N, 5, H, W\)'):
        disc(torch.randn(2, 4, 32, 32))


def test_feature_matching_value_and_gradient():
    real = torch.tensor([[1., 2.], [3., 6.]], requires_grad=True)
    fake = torch.tensor([[0., 0.], [1., 1.]], requires_grad=True)
    loss = FeatureMatchingLoss(loss_weight=0.1)(real, fake)
    # batch means: real (2, 4), fake (0.5, 0.5): |1.5| and |3.5| -> mean 2.5
    assert loss.item() == pytest.approx(0.25)
    loss.backward()
    assert real.grad is None  # the real side carries no gradient
    # d/dfake_ij of 0.1 * mean_k |r_k - mean_i f_ik| = -0.1 * 1/2 * 1/2
    torch.testing.assert_close(fake.grad, torch.full((2, 2), -0.025))


def test_feature_matching_rejects_mismatched_features():
    with pytest.raises(ValueError, match='features'):
        FeatureMatchingLoss()(torch.zeros(2, 3), torch.zeros(2, 4))


def test_min_max_scale_uses_one_batch_wide_range():
    images = torch.tensor([[[[-2., 0.]]], [[[2., 1.]]]])
    torch.testing.assert_close(
        min_max_scale(images),
        torch.tensor([[[[0., 0.5]]], [[[1., 0.75]]]]))
    reference = torch.tensor([0., 4.])
    torch.testing.assert_close(
        min_max_scale(images, reference),
        torch.tensor([[[[-0.5, 0.]]], [[[0.5, 0.25]]]]))


def test_one_hot_labels_zero_ignore_pixels(make_sample):
    gt = torch.tensor([[0, 2], [255, 1]])
    one_hot = one_hot_labels([make_sample(gt)], num_classes=3)
    assert one_hot.shape == (1, 3, 2, 2)
    expected = torch.zeros(1, 3, 2, 2)
    expected[0, 0, 0, 0] = expected[0, 2, 0, 1] = expected[0, 1, 1, 1] = 1
    torch.testing.assert_close(one_hot, expected)
    with pytest.raises(ValueError, match=r'\[7\]'):
        one_hot_labels([make_sample(torch.tensor([[7]]))], num_classes=3)


def test_class_map_comes_before_the_image():
    probs = F.softmax(torch.randn(2, 3, 4, 4), dim=1)
    images = torch.rand(2, 3, 4, 4)
    z = class_map_with_image(probs, images)
    assert torch.equal(z[:, :3], probs) and torch.equal(z[:, 3:], images)
    with pytest.raises(ValueError):
        class_map_with_image(probs, images[:1])
