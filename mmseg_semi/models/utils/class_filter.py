"""Image-level class filtering of segmentation logits (MLMT fusion, Mittal
et al., TPAMI 2021): classes an image classifier rates absent are removed
from the prediction."""
import json
import os.path as osp
from typing import Dict, List

import torch
from torch import Tensor

from mmseg.registry import TASK_UTILS
from mmseg.structures import SegDataSample

FILTER_MODES = ('mask', 'zero')


def check_filter_mode(mode: str) -> None:
    if mode not in FILTER_MODES:
        raise ValueError(f'class filter mode must be one of {FILTER_MODES}, '
                         f'got {mode!r}')


def filter_class_logits(logits: Tensor,
                        scores: Tensor,
                        threshold: float = 0.2,
                        mode: str = 'mask') -> Tensor:
    r"""Remove the classes whose image-level score is below ``threshold``.

    With :math:`b_c = [s_c \ge \tau]`:

    - ``'mask'`` (default): :math:`z_c \leftarrow -\infty` where
      :math:`b_c = 0` (in effect: half the dtype's lowest finite value, so
      that resizing cannot make NaN), so a filtered class can never be
      predicted. The class with the highest score is always kept, so every
      pixel keeps a class.
    - ``'zero'``: :math:`z_c \leftarrow z_c \cdot b_c`, the official code's
      fusion. It is a bug: a filtered class's logit becomes 0 and still wins
      wherever every kept class has a negative logit.

    Args:
        logits (Tensor): (N, C, H, W) segmentation logits.
        scores (Tensor): (N, C) image-level class scores in [0, 1], in the
            segmentor's class order.
        threshold (float): :math:`\tau` (MLMT: 0.2).
        mode (str): ``'mask'`` or ``'zero'``.
    """
    check_filter_mode(mode)
    if scores.shape != logits.shape[:2]:
        raise ValueError(
            f'class scores {tuple(scores.shape)} do not match the logits '
            f'{tuple(logits.shape)}: expected (N, C) with C = '
            f'{logits.shape[1]} classes in the segmentor\'s order')
    keep = scores.to(logits.device) >= threshold
    if mode == 'zero':
        return logits * keep[:, :, None, None].to(logits.dtype)
    best = scores.argmax(dim=1).to(logits.device)
    keep[torch.arange(keep.shape[0], device=keep.device), best] = True
    return logits.masked_fill(~keep[:, :, None, None],
                              _minus_infinity(logits))


def _minus_infinity(logits: Tensor) -> float:
    """Half the dtype's lowest value: below any real logit, and finite, so
    resizing masked logits (weights of exactly 0 included) gives no NaN."""
    return torch.finfo(logits.dtype).min / 2


@TASK_UTILS.register_module()
class ClassScoreFile:
    """Image-level class scores read from a JSON file.

    The file maps an image's file name without extension (the stem of its
    ``img_path``) to its ``C`` scores in the segmentor's class order (for
    VOC: background first)::

        {"2007_000033": [1.0, 0.93, 0.01, ...], ...}

    Args:
        file (str): path of the JSON file.
        num_classes (int, optional): checked against every entry.
    """

    def __init__(self, file: str, num_classes: int = None) -> None:
        if not osp.isfile(file):
            raise FileNotFoundError(f'class score file {file} not found')
        with open(file) as f:
            table = json.load(f)
        if not isinstance(table, dict):
            raise ValueError(f'{file}: expected a JSON object mapping image '
                             'names to lists of class scores')
        lengths = {len(v) for v in table.values()}
        if len(lengths) > 1 or (num_classes is not None
                                and lengths != {num_classes}):
            raise ValueError(
                f'{file}: every entry must hold one score per class '
                f'(num_classes={num_classes}); found lengths '
                f'{sorted(lengths)}')
        self.file = file
        self.scores: Dict[str, List[float]] = table

    def __call__(self, data_samples: List[SegDataSample]) -> Tensor:
        """(N, C) scores of the samples' images."""
        rows = []
        for sample in data_samples:
            path = sample.metainfo.get('img_path', '')
            stem = osp.splitext(osp.basename(path))[0]
            if stem not in self.scores:
                raise KeyError(f'{self.file} has no class scores for image '
                               f'{stem!r} ({path})')
            rows.append(self.scores[stem])
        return torch.tensor(rows, dtype=torch.float32)


class ClassFilter:
    """Logit filtering at test time: ``scores`` (a score source of
    ``TASK_UTILS``, e.g. :class:`ClassScoreFile`), ``threshold`` and
    ``mode`` of :func:`filter_class_logits`.

    Args:
        scores (dict): score source config.
        threshold (float): Defaults to 0.2 (MLMT's tau).
        mode (str): ``'mask'`` (default) or ``'zero'`` (the official bug).
    """

    def __init__(self,
                 scores: dict,
                 threshold: float = 0.2,
                 mode: str = 'mask') -> None:
        check_filter_mode(mode)
        self.scores = TASK_UTILS.build(scores)
        self.threshold = threshold
        self.mode = mode

    def __call__(self, logits: Tensor,
                 data_samples: List[SegDataSample]) -> Tensor:
        return filter_class_logits(logits, self.scores(data_samples),
                                   self.threshold, self.mode)


def predict_with_class_filter(segmentor, class_filter: ClassFilter,
                              inputs: Tensor,
                              data_samples: List[SegDataSample]) -> list:
    """MMSeg's ``EncoderDecoder.predict`` with the logits filtered before
    the post-processing (resize to the original image, argmax)."""
    if data_samples is not None:
        batch_img_metas = [s.metainfo for s in data_samples]
    else:
        raise ValueError('class filtering needs data_samples (img_path)')
    seg_logits = segmentor.inference(inputs, batch_img_metas)
    return segmentor.postprocess_result(
        class_filter(seg_logits, data_samples), data_samples)
