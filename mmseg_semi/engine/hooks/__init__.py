from .memory_format_hook import MemoryFormatHook
from .iteration_seed_hook import IterationSeedHook
from .mean_teacher_hook import MeanTeacherHook

__all__ = ['MemoryFormatHook', 'IterationSeedHook', 'MeanTeacherHook']
