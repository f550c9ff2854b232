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
