from .backbones import EfficientNetLite
from .data_preprocessors import MultiBranchSegDataPreProcessor
from .discriminators import S4GANDiscriminator
from .losses import (CrossPseudoLoss, FeatureMatchingLoss,
                     SampledPixelCrossEntropyLoss)
from .segmentors import (AdversarialBaseSegmentor, CPSSegmentor,
                         MeanTeacherSegmentor, S4GANSegmentor,
                         SemiBaseSegmentor)
from .utils import BoxMaskGenerator

__all__ = [
    'EfficientNetLite', 'MultiBranchSegDataPreProcessor',
    'S4GANDiscriminator', 'CrossPseudoLoss', 'FeatureMatchingLoss',
    'SampledPixelCrossEntropyLoss', 'SemiBaseSegmentor',
    'AdversarialBaseSegmentor', 'MeanTeacherSegmentor', 'CPSSegmentor',
    'S4GANSegmentor', 'BoxMaskGenerator'
]
