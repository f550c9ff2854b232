from .iteration_seed_hook import IterationSeedHook
from .mean_teacher_hook import MeanTeacherHook

__all__ = ['IterationSeedHook', 'MeanTeacherHook']
