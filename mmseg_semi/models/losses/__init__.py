from .balanced_mask_loss import balanced_gated_mask_loss
from .cosine_consistency_loss import cosine_consistency
from .cross_pseudo_loss import CrossPseudoLoss
from .feature_matching_loss import FeatureMatchingLoss
from .least_squares_gan_loss import least_squares_gan_loss
from .pseudo_label_losses import pseudo_label_cross_entropy, softmax_mse
from .sampled_pixel_cross_entropy import SampledPixelCrossEntropyLoss
from .size_focal_loss import SizeFocalLoss

__all__ = [
    'CrossPseudoLoss', 'FeatureMatchingLoss', 'SampledPixelCrossEntropyLoss',
    'SizeFocalLoss',
    'pseudo_label_cross_entropy', 'softmax_mse', 'cosine_consistency',
    'balanced_gated_mask_loss', 'least_squares_gan_loss'
]
