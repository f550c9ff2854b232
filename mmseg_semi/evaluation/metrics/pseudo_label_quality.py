"""How good a model's pseudo-labels are, measured against true masks.

Evidence for a semi-supervised method that misses its target: run the
model that makes the pseudo-labels (a Mean Teacher's teacher, a CPS
branch) on the *unlabelled* training images, whose true masks the
training never reads, and measure what the method feeds back to itself.
"""
from typing import Dict, List, Sequence

import torch
from mmengine.evaluator import BaseMetric

from mmseg.registry import METRICS

from ...models.utils.labels import IGNORE_INDEX


@METRICS.register_module()
class PseudoLabelQualityMetric(BaseMetric):
    """Accuracy and coverage of confidence-thresholded pseudo-labels.

    For every image, with :math:`p_i = \\mathrm{softmax}(z_i)` the class
    probabilities of pixel :math:`i` (``seg_logits`` of the prediction,
    ``(C, H, W)``), :math:`\\hat y_i = \\arg\\max_c p_{ic}` its pseudo-label
    and :math:`V` the pixels whose true label is not ``ignore_index``:

    - ``pseudo_acc`` = :math:`|\\{i \\in V : \\hat y_i = y_i\\}| / |V|`;
    - for each threshold :math:`t`, ``mask_ratio@t`` =
      :math:`|M_t| / |V|` with :math:`M_t = \\{i \\in V : \\max_c p_{ic}
      \\ge t\\}` (the share of pixels a thresholded loss keeps) and
      ``pseudo_acc@t`` = :math:`|\\{i \\in M_t : \\hat y_i = y_i\\}| /
      |M_t|` (how right the kept pseudo-labels are).

    Counts are summed over the dataset before dividing (pixel-weighted,
    like aAcc). Values are percentages.

    Args:
        thresholds (Sequence[float]): confidence thresholds, e.g. a Mean
            Teacher's ``conf_thr``.
        ignore_index (int): label of pixels left out. Default 255.
    """

    default_prefix = 'pseudo'

    def __init__(self, thresholds: Sequence[float] = (0.9, 0.95),
                 ignore_index: int = IGNORE_INDEX, **kwargs) -> None:
        super().__init__(**kwargs)
        for t in thresholds:
            if not 0.0 <= t <= 1.0:
                raise ValueError(
                    f'PseudoLabelQualityMetric: threshold {t} is not a '
                    'probability in [0, 1]')
        self.thresholds = tuple(thresholds)
        self.ignore_index = ignore_index

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        """Count, per image, valid / correct pixels overall and above each
        threshold."""
        for sample in data_samples:
            if 'seg_logits' not in sample:
                raise KeyError(
                    'PseudoLabelQualityMetric needs the seg_logits of the '
                    'prediction (MMSeg segmentors put them in every '
                    'predicted data sample)')
            logits = sample['seg_logits']['data'].float()
            label = sample['gt_sem_seg']['data'].squeeze(0).to(logits.device)
            prob, pred = logits.softmax(dim=0).max(dim=0)
            valid = label != self.ignore_index
            correct = (pred == label) & valid
            counts = [valid.sum().item(), correct.sum().item()]
            for t in self.thresholds:
                kept = valid & (prob >= t)
                counts += [kept.sum().item(), (correct & kept).sum().item()]
            self.results.append(counts)

    def compute_metrics(self, results: List[list]) -> Dict[str, float]:
        totals = torch.tensor(results, dtype=torch.float64).sum(dim=0)
        valid, correct = totals[0].item(), totals[1].item()
        metrics = dict(pseudo_acc=100.0 * correct / max(valid, 1.0))
        for k, t in enumerate(self.thresholds):
            kept, right = totals[2 + 2 * k].item(), totals[3 + 2 * k].item()
            metrics[f'mask_ratio@{t:g}'] = 100.0 * kept / max(valid, 1.0)
            metrics[f'pseudo_acc@{t:g}'] = 100.0 * right / max(kept, 1.0)
        return {k: round(v, 2) for k, v in metrics.items()}
