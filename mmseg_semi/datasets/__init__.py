from .camvid import CamVidDataset
from .samplers import MultiSourceSampler
from .semi_concat_dataset import SemiConcatDataset
from .transforms import (ColorJitter, LoadEmptySegAnnotation, MultiBranch,
                         RandomGaussianBlur)

__all__ = [
    'CamVidDataset', 'MultiSourceSampler', 'SemiConcatDataset',
    'MultiBranch', 'LoadEmptySegAnnotation', 'ColorJitter',
    'RandomGaussianBlur'
]
