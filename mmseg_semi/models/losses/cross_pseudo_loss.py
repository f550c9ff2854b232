"""Cross Pseudo Supervision loss (Chen et al., CVPR 2021)."""
from typing import Optional

from torch import Tensor, nn

from mmseg.registry import MODELS
from ..utils.pseudo_label import pseudo_labels_from_logits
from .pseudo_label_losses import pseudo_label_cross_entropy


@MODELS.register_module()
class CrossPseudoLoss(nn.Module):
    r"""Each branch learns the other branch's hard pseudo labels.

    .. math::
        \mathcal{L}_{cps} = \lambda\Big(
            \frac{1}{|V|}\sum_{p \in V} \ell_{ce}\big(p^1_p, \hat y^2_p\big)
          + \frac{1}{|V|}\sum_{p \in V} \ell_{ce}\big(p^2_p, \hat y^1_p\big)
        \Big),\qquad \hat y^k_p = \arg\max_c q^k_{p,c}

    (CPS paper, Eq. 2-3), where :math:`p^k` are branch k's logits,
    :math:`q^k` the logits its pseudo labels come from (the same logits
    unless given, e.g. logits of the unmixed images mixed with the CutMix
    mask), and :math:`V` the content pixels (``valid``; padding and the
    ignore index excluded). The argmax carries no gradient. With
    ``conf_thr > 0`` pixels whose pseudo label has a softmax confidence
    below it are dropped (they still count in :math:`|V|`); the paper uses
    no threshold. Pixels without a pseudo label get ``IGNORE_INDEX`` (255),
    the one ignore value of the package (``models/utils/labels.py``).

    Args:
        loss_weight (float): :math:`\lambda`. Defaults to 1.0.
        conf_thr (float): confidence threshold of pseudo labels. Defaults
            to 0.0 (off).
        loss_name (str): key of the loss in the loss dict.
    """

    def __init__(self,
                 loss_weight: float = 1.0,
                 conf_thr: float = 0.0,
                 loss_name: str = 'loss_cps') -> None:
        super().__init__()
        if not 0.0 <= conf_thr <= 1.0:
            raise ValueError(f'conf_thr must be in [0, 1], got {conf_thr}')
        self.loss_weight = loss_weight
        self.conf_thr = conf_thr
        self._loss_name = loss_name

    @property
    def loss_name(self) -> str:
        return self._loss_name

    def forward(self,
                logits1: Tensor,
                logits2: Tensor,
                valid: Tensor,
                pseudo_logits1: Optional[Tensor] = None,
                pseudo_logits2: Optional[Tensor] = None) -> Tensor:
        """
        Args:
            logits1, logits2 (Tensor): (N, C, H, W) logits of branch 1 and 2.
            valid (Tensor): (N, H, W) bool content mask.
            pseudo_logits1, pseudo_logits2 (Tensor, optional): (N, C, H, W)
                logits the pseudo labels of branch 1 / 2 are taken from;
                default ``logits1`` / ``logits2``.

        Returns:
            Tensor: the scalar loss.
        """
        pseudo1 = pseudo_labels_from_logits(
            logits1 if pseudo_logits1 is None else pseudo_logits1, valid,
            self.conf_thr)
        pseudo2 = pseudo_labels_from_logits(
            logits2 if pseudo_logits2 is None else pseudo_logits2, valid,
            self.conf_thr)
        num_valid = valid.sum()
        loss = pseudo_label_cross_entropy(
            logits1, pseudo2.labels, num_valid) + \
            pseudo_label_cross_entropy(logits2, pseudo1.labels, num_valid)
        return self.loss_weight * loss
