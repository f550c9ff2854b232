from .loading import LoadEmptySegAnnotation
from .photometric import ColorJitter, RandomGaussianBlur
from .wrappers import MultiBranch

__all__ = [
    'LoadEmptySegAnnotation', 'ColorJitter', 'RandomGaussianBlur',
    'MultiBranch'
]
