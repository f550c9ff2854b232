"""The least-squares GAN loss (Mao et al., ICCV 2017)."""
from torch import Tensor


def least_squares_gan_loss(scores: Tensor, target: float) -> Tensor:
    r"""Mean squared distance of discriminator scores to a target.

    .. math:: \mathcal{L} = \operatorname{mean}_i\,(D_i - t)^2

    with :math:`t = 1` for "real" and :math:`t = 0` for "fake": the
    generator minimises it with :math:`t = 1` on its fakes, the
    discriminator with 1 on real and 0 on fake samples (CycleGAN's LSGAN,
    ``nn.MSELoss`` against a constant map).

    Args:
        scores (Tensor): raw discriminator outputs, any shape (e.g.
            (N, 1, H, W) of a pixel discriminator).
        target (float): 1.0 or 0.0.
    """
    return (scores - target).pow(2).mean()
