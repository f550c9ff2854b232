from .metrics import (ClassSubsetIoUMetric, ConfusionSubmatrixIoUMetric,
                      ImageLabelMetric, PseudoLabelQualityMetric)

__all__ = [
    'ClassSubsetIoUMetric', 'ConfusionSubmatrixIoUMetric', 'ImageLabelMetric',
    'PseudoLabelQualityMetric'
]
