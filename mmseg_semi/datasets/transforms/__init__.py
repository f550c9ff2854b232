from .loading import LoadEmptySegAnnotation, LoadImageLevelLabels
from .photometric import ColorJitter, RandomGaussianBlur
from .wrappers import MultiBranch

__all__ = [
    'LoadEmptySegAnnotation', 'LoadImageLevelLabels', 'ColorJitter',
    'RandomGaussianBlur', 'MultiBranch'
]
