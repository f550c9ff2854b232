"""MMSeg's IoU metrics plus the mean IoU over named subsets of classes."""
from typing import Dict, Sequence

import numpy as np

from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS


@METRICS.register_module()
class ClassSubsetIoUMetric(IoUMetric):
    """:class:`mmseg.evaluation.IoUMetric`, plus ``mIoU_<name>`` for each
    named subset of classes.

    With :math:`I_c, U_c` the intersection and union pixel counts of class
    :math:`c` summed over the dataset (exactly as ``IoUMetric``) and
    :math:`S` a subset,

    .. math::
        \\mathrm{mIoU}_S = \\frac{1}{|S'|} \\sum_{c \\in S'} \\frac{I_c}{U_c},
        \\qquad S' = \\{c \\in S : U_c > 0\\}.

    What it is for: a val set where some classes occur in a handful of
    images (the VOC subset's val has 8 classes in 1-11 of its 245 images)
    gives an mIoU whose seed-to-seed changes come mostly from those classes;
    the mean over the classes with enough val images is the steadier
    signal. Both are reported; nothing is dropped from ``mIoU``.

    Args:
        subsets (dict[str, Sequence[str]]): subset name -> class names of
            the dataset's ``classes``.
        **kwargs: ``IoUMetric``'s arguments.
    """

    def __init__(self, subsets: Dict[str, Sequence[str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.subsets = {name: tuple(classes)
                        for name, classes in subsets.items()}

    def compute_metrics(self, results: list) -> Dict[str, float]:
        classes = list(self.dataset_meta['classes'])
        intersect = sum(r[0] for r in results).double().cpu().numpy()
        union = sum(r[1] for r in results).double().cpu().numpy()
        metrics = super().compute_metrics(results)
        with np.errstate(invalid='ignore', divide='ignore'):
            iou = np.where(union > 0, intersect / union, np.nan)
        for name, subset in self.subsets.items():
            unknown = [c for c in subset if c not in classes]
            if unknown:
                raise KeyError(
                    f'ClassSubsetIoUMetric subset {name!r}: {unknown} are '
                    f'not classes of the dataset ({classes})')
            values = iou[[classes.index(c) for c in subset]]
            metrics[f'mIoU_{name}'] = float(
                np.round(np.nanmean(values) * 100, 2)) \
                if not np.all(np.isnan(values)) else float('nan')
        return metrics
