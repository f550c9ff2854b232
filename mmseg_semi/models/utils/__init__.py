from .cutmix import BoxMaskGenerator, mix_by_mask
from .pseudo_label import (PseudoLabels, pseudo_labels_from_logits,
                           valid_pixel_mask)
from .rampup import sigmoid_rampup

__all__ = [
    'BoxMaskGenerator', 'mix_by_mask', 'PseudoLabels',
    'pseudo_labels_from_logits', 'valid_pixel_mask', 'sigmoid_rampup'
]
