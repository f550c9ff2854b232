from .loading import LoadEmptySegAnnotation, LoadImageLevelLabels
from .photometric import ColorJitter, RandomGaussianBlur
from .score_at_input_size import ScoreAtInputSize
from .wrappers import MultiBranch

__all__ = [
    'LoadEmptySegAnnotation', 'LoadImageLevelLabels', 'ColorJitter',
    'RandomGaussianBlur', 'MultiBranch', 'ScoreAtInputSize'
]
