from .metrics import ClassSubsetIoUMetric, PseudoLabelQualityMetric

__all__ = ['ClassSubsetIoUMetric', 'PseudoLabelQualityMetric']
