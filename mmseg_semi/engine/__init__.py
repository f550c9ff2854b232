from .hooks import IterationSeedHook, MeanTeacherHook
from .optimizers import (MultiOptimWrapperConstructor,
                         PretrainedNewOptimWrapperConstructor)
from .runner import TeacherStudentValLoop
from .schedulers import ConstantThenLinearLR

__all__ = [
    'IterationSeedHook', 'MeanTeacherHook', 'MultiOptimWrapperConstructor',
    'PretrainedNewOptimWrapperConstructor', 'TeacherStudentValLoop',
    'ConstantThenLinearLR'
]
