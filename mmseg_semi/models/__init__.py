from .backbones import EfficientNetLite
from .classifiers import MLMTClassifier, MultiLabelClassifier
from .decode_heads import SingleStageWSSSHead
from .data_preprocessors import MultiBranchSegDataPreProcessor
from .discriminators import PixelDiscriminator, S4GANDiscriminator
from .generators import ResnetGenerator
from .losses import (CrossPseudoLoss, FeatureMatchingLoss,
                     SampledPixelCrossEntropyLoss)
from .segmentors import (AdversarialBaseSegmentor, CPSSegmentor,
                         CycleGANSegmentor,
                         MeanTeacherSegmentor, S4GANSegmentor,
                         SemiBaseSegmentor, SingleStageWSSS)
from .multi_model import MultiModelMixin
from .utils import BoxMaskGenerator

__all__ = [
    'EfficientNetLite', 'MultiBranchSegDataPreProcessor',
    'S4GANDiscriminator', 'CrossPseudoLoss', 'FeatureMatchingLoss',
    'SampledPixelCrossEntropyLoss', 'SemiBaseSegmentor',
    'AdversarialBaseSegmentor', 'MeanTeacherSegmentor', 'CPSSegmentor',
    'S4GANSegmentor', 'BoxMaskGenerator', 'MLMTClassifier',
    'MultiLabelClassifier', 'MultiModelMixin', 'SingleStageWSSS',
    'SingleStageWSSSHead', 'CycleGANSegmentor', 'PixelDiscriminator',
    'ResnetGenerator'
]
