from .class_subset_iou import ClassSubsetIoUMetric
from .confusion_submatrix_iou import ConfusionSubmatrixIoUMetric
from .image_label_metric import ImageLabelMetric, average_precision
from .pseudo_label_quality import PseudoLabelQualityMetric

__all__ = [
    'ClassSubsetIoUMetric', 'ConfusionSubmatrixIoUMetric', 'ImageLabelMetric',
    'PseudoLabelQualityMetric', 'average_precision'
]
