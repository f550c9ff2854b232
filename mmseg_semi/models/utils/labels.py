"""The label values every component agrees on, and checks of them.

One convention, as MMSeg's: ``IGNORE_INDEX`` (255) marks pixels without a
label. Four places must use it: the data preprocessor's ``seg_pad_val``
(padding), the decode heads' ``ignore_index``, the pseudo-label losses and
:class:`LoadEmptySegAnnotation`, whose fill (``UNLABELED_FILL``, 254) must
differ from it so that content can be told from padding. The losses and the
transform take the constants from here; :func:`check_ignore_convention`
checks the two that come from a segmentor config when the model is built.
"""
from typing import Iterable

import torch
from torch import Tensor, nn

from mmseg.structures import SegDataSample

IGNORE_INDEX = 255
UNLABELED_FILL = 254


def check_ignore_convention(segmentor: nn.Module, seg_pad_val: int,
                            where: str) -> None:
    """Raise if the padding value or a head's ``ignore_index`` is not
    ``IGNORE_INDEX``.

    Args:
        segmentor: a built MMSeg segmentor (decode head, auxiliary heads).
        seg_pad_val: ``seg_pad_val`` of the data preprocessor.
        where: the config path of the segmentor, for the message.
    """
    values = {'data_preprocessor.seg_pad_val': seg_pad_val}
    heads = [('decode_head', getattr(segmentor, 'decode_head', None))]
    aux = getattr(segmentor, 'auxiliary_head', None)
    if isinstance(aux, nn.ModuleList):
        heads += [(f'auxiliary_head[{i}]', h) for i, h in enumerate(aux)]
    elif aux is not None:
        heads.append(('auxiliary_head', aux))
    for name, head in heads:
        if head is not None and hasattr(head, 'ignore_index'):
            values[f'{name}.ignore_index'] = head.ignore_index
    wrong = {k: v for k, v in values.items() if v != IGNORE_INDEX}
    if wrong:
        raise ValueError(
            f'{where}: mmseg_semi marks padding and pixels without a label '
            f'with {IGNORE_INDEX} everywhere (padding, heads, pseudo-label '
            f'losses; unlabelled content is {UNLABELED_FILL}), but '
            + ', '.join(f'{k}={v}' for k, v in wrong.items())
            + f'; set them to {IGNORE_INDEX}')


def check_label_values(data_samples: Iterable[SegDataSample],
                       num_classes: int) -> None:
    """Raise if a ground-truth label is neither a class nor ignored.

    Meant for CPU tensors before they go to the device (the data
    preprocessor calls it), where reading them forces no device sync.
    """
    for sample in data_samples:
        gt = sample.gt_sem_seg.data
        bad_mask = (gt >= num_classes) & (gt != IGNORE_INDEX)
        if bad_mask.any():
            bad = gt[bad_mask].unique().tolist()
            path = sample.metainfo.get('seg_map_path', 'a sample')
            raise ValueError(
                f'label values {bad} in {path} are outside '
                f'0..{num_classes - 1} (num_classes={num_classes}) and are '
                f'not the ignore index {IGNORE_INDEX}; fix num_classes or '
                "map them with the dataset's label_map / reduce_zero_label")


def is_labelled_view(view: str) -> bool:
    """Whether a view carries real labels (``sup``, ``sup_*``)."""
    return view == 'sup' or view.startswith('sup_')


def image_label_targets(data_samples: Iterable[SegDataSample],
                        num_classes: int) -> Tensor:
    """(N, C) multi-hot image-level targets from the ``gt_label`` of each
    sample's metainfo (the class indices :class:`LoadImageLevelLabels`
    found in its mask, packed by ``PackSegInputs`` with ``'gt_label'`` in
    its ``meta_keys``)."""
    samples = list(data_samples)
    targets = torch.zeros(len(samples), num_classes)
    for row, sample in enumerate(samples):
        if 'gt_label' not in sample.metainfo:
            raise KeyError(
                'a training sample has no image-level labels: put '
                'LoadImageLevelLabels in its pipeline and add \'gt_label\' '
                'to the meta_keys of its PackSegInputs '
                f'({sample.metainfo.get("img_path", "unknown image")})')
        labels = torch.as_tensor(sample.metainfo['gt_label'],
                                 dtype=torch.long)
        if labels.numel() and (labels.min() < 0
                               or labels.max() >= num_classes):
            raise ValueError(
                f'image labels {labels.tolist()} of '
                f'{sample.metainfo.get("img_path", "an image")} are outside '
                f'0..{num_classes - 1}')
        targets[row, labels] = 1.0
    return targets
