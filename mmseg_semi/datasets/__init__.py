from .camvid import CamVidDataset, CamVidTagsDataset
from .samplers import MultiSourceSampler
from .semi_concat_dataset import SemiConcatDataset
from .transforms import (ColorJitter, LoadEmptySegAnnotation,
                         LoadImageLevelLabels, MultiBranch, RandomGaussianBlur)

__all__ = [
    'CamVidDataset', 'CamVidTagsDataset', 'MultiSourceSampler', 'SemiConcatDataset',
    'MultiBranch', 'LoadEmptySegAnnotation', 'LoadImageLevelLabels',
    'ColorJitter', 'RandomGaussianBlur'
]
