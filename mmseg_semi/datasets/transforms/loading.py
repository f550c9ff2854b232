"""Loading transforms for samples without pixel labels."""
import numpy as np
from mmcv.transforms import BaseTransform

from mmseg.registry import TRANSFORMS
from ...models.utils.labels import IGNORE_INDEX, UNLABELED_FILL


@TRANSFORMS.register_module()
class LoadEmptySegAnnotation(BaseTransform):
    """Give an unlabelled image a label map meaning "content, no label".

    Adds ``gt_seg_map`` (uint8, the image's H x W) filled with ``fill_value``
    (254 by default) and registers it in ``seg_fields``. Geometric transforms
    then move it with the image, and the data preprocessor pads it with
    ``seg_pad_val`` (255), so after batching ``gt != 255`` tells image content
    from padding, which is what the semi-supervised losses normalise by.
    No class index is ever read from this map.

    Placed after ``LoadAnnotations`` it replaces the loaded labels, so an
    unlabelled source that was configured with annotations stays unlabelled.

    Required keys: ``img``. Added keys: ``gt_seg_map``, ``seg_fields``.

    Args:
        fill_value (int): value of every content pixel; must differ from the
            ignore index used for padding. Defaults to 254.
    """

    def __init__(self, fill_value: int = UNLABELED_FILL) -> None:
        if not 0 <= fill_value <= 255 or fill_value == IGNORE_INDEX:
            raise ValueError(
                f'fill_value must be in [0, 255] and differ from '
                f'{IGNORE_INDEX}, which marks padding; got {fill_value}')
        self.fill_value = fill_value

    def transform(self, results: dict) -> dict:
        if 'img' not in results:
            raise KeyError('LoadEmptySegAnnotation needs the image: put it '
                           'after LoadImageFromFile')
        height, width = results['img'].shape[:2]
        results['gt_seg_map'] = np.full((height, width),
                                        self.fill_value,
                                        dtype=np.uint8)
        seg_fields = results.setdefault('seg_fields', [])
        if 'gt_seg_map' not in seg_fields:
            seg_fields.append('gt_seg_map')
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(fill_value={self.fill_value})'


@TRANSFORMS.register_module()
class LoadImageLevelLabels(BaseTransform):
    """Image-level (multi-label) tags from a loaded segmentation mask.

    Sets ``gt_label`` to the sorted indices of the classes present in
    ``gt_seg_map`` (after ``LoadAnnotations``, so any ``reduce_zero_label``
    or ``label_map`` is already applied), leaving out ``ignore_index``:
    the image tags of weakly supervised segmentation and of MLMT's
    multi-label classifier, in the dataset's class order (for VOC the
    background, index 0, is present in nearly every image). mmpretrain's
    ``PackInputs`` turns it into the data sample's multi-label target.

    Required keys: ``gt_seg_map``. Added keys: ``gt_label`` (int64 array).

    Args:
        num_classes (int): labels outside ``0..num_classes-1`` other than
            ``ignore_index`` are an error naming the mask file.
        ignore_index (int): Defaults to 255.
    """

    def __init__(self, num_classes: int,
                 ignore_index: int = IGNORE_INDEX) -> None:
        self.num_classes = num_classes
        self.ignore_index = ignore_index

    def transform(self, results: dict) -> dict:
        if 'gt_seg_map' not in results:
            raise KeyError('LoadImageLevelLabels needs the mask: put it '
                           'after LoadAnnotations')
        present = np.unique(results['gt_seg_map'])
        present = present[present != self.ignore_index].astype(np.int64)
        bad = present[(present < 0) | (present >= self.num_classes)]
        if bad.size:
            raise ValueError(
                f'label values {bad.tolist()} in '
                f'{results.get("seg_map_path", "a mask")} are outside '
                f'0..{self.num_classes - 1} and not the ignore index '
                f'{self.ignore_index}')
        results['gt_label'] = present
        return results

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_classes={self.num_classes}, '
                f'ignore_index={self.ignore_index})')
