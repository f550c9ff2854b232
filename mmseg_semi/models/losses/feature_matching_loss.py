"""Feature matching between real and fake discriminator features."""
from torch import Tensor, nn

from mmseg.registry import MODELS


@MODELS.register_module()
class FeatureMatchingLoss(nn.Module):
    r"""L1 distance between the batch means of discriminator features.

    .. math::
        \mathcal{L}_{fm} = \lambda_{fm}\,\frac{1}{K}\sum_{k=1}^{K}
        \Big|\frac{1}{N_r}\sum_{i} f_k(x^{r}_i)
           - \frac{1}{N_f}\sum_{j} f_k(x^{f}_j)\Big|

    (s4GAN, Mittal et al., Eq. 4, with the official code's L1 mean over the
    :math:`K` features rather than an L2 norm). The real side carries no
    gradient: only the generator (through the fake features) is pulled
    towards the statistics of real samples.

    Args:
        loss_weight (float): :math:`\lambda_{fm}`. Defaults to 0.1.
        loss_name (str): key of the loss in the loss dict.
    """

    def __init__(self,
                 loss_weight: float = 0.1,
                 loss_name: str = 'loss_fm') -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self._loss_name = loss_name

    @property
    def loss_name(self) -> str:
        return self._loss_name

    def forward(self, real_features: Tensor, fake_features: Tensor) -> Tensor:
        """
        Args:
            real_features (Tensor): (N_r, K) features of real samples.
            fake_features (Tensor): (N_f, K) features of generated ones.
        """
        if real_features.dim() != 2 or fake_features.dim() != 2 or \
                real_features.shape[1] != fake_features.shape[1]:
            raise ValueError(
                'FeatureMatchingLoss expects (N_r, K) and (N_f, K) features, '
                f'got {tuple(real_features.shape)} and '
                f'{tuple(fake_features.shape)}')
        real_mean = real_features.detach().mean(dim=0)
        fake_mean = fake_features.mean(dim=0)
        return self.loss_weight * (real_mean - fake_mean).abs().mean()
