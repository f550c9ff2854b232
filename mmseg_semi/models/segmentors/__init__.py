from .adversarial_base import AdversarialBaseSegmentor
from .class_filtered import ClassFilteredSegmentor
from .cps import CPSSegmentor
from .cyclegan import CycleGANSegmentor
from .mean_teacher import MeanTeacherSegmentor
from .s4gan import S4GANSegmentor
from .semi_base import SemiBaseSegmentor
from .single_stage_wsss import SingleStageWSSS

__all__ = [
    'SemiBaseSegmentor', 'AdversarialBaseSegmentor', 'MeanTeacherSegmentor',
    'CPSSegmentor', 'S4GANSegmentor', 'ClassFilteredSegmentor',
    'SingleStageWSSS', 'CycleGANSegmentor'
]
