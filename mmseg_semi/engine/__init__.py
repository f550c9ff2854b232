from .hooks import IterationSeedHook, MeanTeacherHook
from .optimizers import MultiOptimWrapperConstructor
from .runner import TeacherStudentValLoop

__all__ = [
    'IterationSeedHook', 'MeanTeacherHook', 'MultiOptimWrapperConstructor',
    'TeacherStudentValLoop'
]
