from .single_stage_wsss_head import GlobalCueInjection, SingleStageWSSSHead

__all__ = ['GlobalCueInjection', 'SingleStageWSSSHead']
