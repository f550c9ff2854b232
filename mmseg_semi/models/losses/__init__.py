from .cross_pseudo_loss import CrossPseudoLoss
from .pseudo_label_losses import pseudo_label_cross_entropy, softmax_mse

__all__ = ['CrossPseudoLoss', 'pseudo_label_cross_entropy', 'softmax_mse']
