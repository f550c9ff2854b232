from .resnet_generator_head import ResnetGeneratorHead
from .single_stage_wsss_head import GlobalCueInjection, SingleStageWSSSHead

__all__ = ['GlobalCueInjection', 'ResnetGeneratorHead', 'SingleStageWSSSHead']
