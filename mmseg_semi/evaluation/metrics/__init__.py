from .class_subset_iou import ClassSubsetIoUMetric
from .image_label_metric import ImageLabelMetric, average_precision
from .pseudo_label_quality import PseudoLabelQualityMetric

__all__ = [
    'ClassSubsetIoUMetric', 'ImageLabelMetric', 'PseudoLabelQualityMetric',
    'average_precision'
]
