from .hooks import MeanTeacherHook
from .runner import TeacherStudentValLoop

__all__ = ['MeanTeacherHook', 'TeacherStudentValLoop']
