from .pseudo_label_losses import pseudo_label_cross_entropy, softmax_mse

__all__ = ['pseudo_label_cross_entropy', 'softmax_mse']
