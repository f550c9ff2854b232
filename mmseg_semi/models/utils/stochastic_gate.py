"""The stochastic gate of single-stage WSSS (Araslanov & Roth, CVPR 2020)."""
import torch
from torch import Tensor, nn


class StochasticGate(nn.Module):
    r"""Mix deep and shallow features with a random elementwise gate.

    Training, with :math:`r \sim \mathrm{Bernoulli}(1 - \psi)` drawn for
    every sample, channel and pixel:

    .. math::
        x = r \odot \frac{x_{deep} - \psi\, x_{shallow}}{1 - \psi}
            + (1 - r) \odot x_{shallow},
        \qquad \mathbb{E}[x] = x_{deep}.

    Test (deterministic, as the reference; *not* the training
    expectation):

    .. math::
        x = (1 - \psi)\, x_{deep} + \psi\, x_{shallow}.

    The gate is drawn from torch's global generator, which
    ``IterationSeedHook`` seeds every iteration (exact resume).

    Args:
        psi (float): :math:`\psi \in [0, 1)`, the probability of taking the
            shallow feature. Defaults to 0.3.
    """

    def __init__(self, psi: float = 0.3) -> None:
        super().__init__()
        if not 0.0 <= psi < 1.0:
            raise ValueError(f'psi must be in [0, 1), got {psi}')
        self.psi = psi

    def forward(self, deep: Tensor, shallow: Tensor) -> Tensor:
        """(N, C, H, W) deep and shallow features -> (N, C, H, W)."""
        if deep.shape != shallow.shape:
            raise ValueError(f'deep {tuple(deep.shape)} and shallow '
                             f'{tuple(shallow.shape)} features differ')
        psi = self.psi
        if not self.training:
            return (1.0 - psi) * deep + psi * shallow
        keep = torch.rand_like(deep) >= psi  # P(keep) = 1 - psi
        return torch.where(keep, (deep - psi * shallow) / (1.0 - psi),
                           shallow)
