from .hooks import IterationSeedHook, MeanTeacherHook
from .runner import TeacherStudentValLoop

__all__ = ['IterationSeedHook', 'MeanTeacherHook', 'TeacherStudentValLoop']
