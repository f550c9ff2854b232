from .class_subset_iou import ClassSubsetIoUMetric
from .pseudo_label_quality import PseudoLabelQualityMetric

__all__ = ['ClassSubsetIoUMetric', 'PseudoLabelQualityMetric']
