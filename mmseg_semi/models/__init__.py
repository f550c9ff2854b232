from .backbones import EfficientNetLite
from .data_preprocessors import MultiBranchSegDataPreProcessor
from .losses import CrossPseudoLoss, SampledPixelCrossEntropyLoss
from .segmentors import CPSSegmentor, MeanTeacherSegmentor, SemiBaseSegmentor
from .utils import BoxMaskGenerator

__all__ = [
    'EfficientNetLite', 'MultiBranchSegDataPreProcessor', 'CrossPseudoLoss',
    'SampledPixelCrossEntropyLoss', 'SemiBaseSegmentor',
    'MeanTeacherSegmentor', 'CPSSegmentor', 'BoxMaskGenerator'
]
