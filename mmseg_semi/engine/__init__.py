from .hooks import MemoryFormatHook, IterationSeedHook, MeanTeacherHook
from .optimizers import (MultiOptimWrapperConstructor,
                         PretrainedNewOptimWrapperConstructor)
from .runner import TeacherStudentValLoop
from .schedulers import ConstantThenLinearLR

__all__ = [
    'MemoryFormatHook', 'IterationSeedHook', 'MeanTeacherHook',
    'MultiOptimWrapperConstructor', 'PretrainedNewOptimWrapperConstructor',
    'TeacherStudentValLoop', 'ConstantThenLinearLR'
]
