from .data_preprocessors import MultiBranchSegDataPreProcessor
from .segmentors import MeanTeacherSegmentor, SemiBaseSegmentor

__all__ = [
    'MultiBranchSegDataPreProcessor', 'SemiBaseSegmentor',
    'MeanTeacherSegmentor'
]
