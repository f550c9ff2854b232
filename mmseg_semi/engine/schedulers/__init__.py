from .constant_then_linear_lr import ConstantThenLinearLR

__all__ = ['ConstantThenLinearLR']
