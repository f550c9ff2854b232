from .cps import CPSSegmentor
from .mean_teacher import MeanTeacherSegmentor
from .semi_base import SemiBaseSegmentor

__all__ = ['SemiBaseSegmentor', 'MeanTeacherSegmentor', 'CPSSegmentor']
