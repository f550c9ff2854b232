from .camvid import CamVidDataset
from .samplers import MultiSourceSampler
from .transforms import (ColorJitter, LoadEmptySegAnnotation, MultiBranch,
                         RandomGaussianBlur)

__all__ = [
    'CamVidDataset', 'MultiSourceSampler', 'MultiBranch',
    'LoadEmptySegAnnotation', 'ColorJitter', 'RandomGaussianBlur'
]
