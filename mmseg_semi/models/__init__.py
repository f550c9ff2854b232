from .data_preprocessors import MultiBranchSegDataPreProcessor
from .losses import CrossPseudoLoss
from .segmentors import CPSSegmentor, MeanTeacherSegmentor, SemiBaseSegmentor

__all__ = [
    'MultiBranchSegDataPreProcessor', 'CrossPseudoLoss', 'SemiBaseSegmentor',
    'MeanTeacherSegmentor', 'CPSSegmentor'
]
