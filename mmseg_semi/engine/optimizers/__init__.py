from .multi_optim_wrapper_constructor import MultiOptimWrapperConstructor
from .pretrained_new_optim_wrapper_constructor import \
    PretrainedNewOptimWrapperConstructor

__all__ = [
    'MultiOptimWrapperConstructor', 'PretrainedNewOptimWrapperConstructor'
]
