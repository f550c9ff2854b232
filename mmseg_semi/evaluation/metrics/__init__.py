from .pseudo_label_quality import PseudoLabelQualityMetric

__all__ = ['PseudoLabelQualityMetric']
