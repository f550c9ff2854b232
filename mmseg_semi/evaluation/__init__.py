from .metrics import PseudoLabelQualityMetric

__all__ = ['PseudoLabelQualityMetric']
