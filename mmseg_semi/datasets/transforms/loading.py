"""Loading transforms for samples without pixel labels."""
import json
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple

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
    """Image-level (multi-label) tags, from a tag file or a loaded mask.

    Sets ``gt_label`` to the sorted class indices of the image:

    - **from the mask** (no ``tag_file``): the classes present in
      ``gt_seg_map``, leaving out ``ignore_index``. Put it after
      ``LoadAnnotations`` (so any ``reduce_zero_label`` or ``label_map`` is
      applied) and before any crop, so the tags are those of the whole
      image;
    - **from** ``tag_file``: a JSON file mapping an image's file name without
      extension to its class indices, ``{"2007_000033": [0, 1, 15]}``; no
      mask is read.

    ``exclude_classes`` are left out either way: ``(0,)`` gives the
    foreground tags of weakly supervised segmentation (VOC's background,
    present in nearly every image); MLMT keeps every class. Pack the tags
    with ``PackSegInputs(meta_keys=(..., 'gt_label'))``; the losses read
    them with :func:`image_label_targets`.

    Required keys: ``gt_seg_map`` (from the mask) or ``img_path`` (from a
    tag file). Added keys: ``gt_label`` (int64 array).

    Args:
        num_classes (int): labels outside ``0..num_classes-1`` other than
            ``ignore_index`` are an error naming the mask or tag file.
        ignore_index (int): Defaults to 255.
        exclude_classes (Sequence[int]): classes never tagged.
        tag_file (str, optional): JSON tag file.
    """

    def __init__(self,
                 num_classes: int,
                 ignore_index: int = IGNORE_INDEX,
                 exclude_classes: Sequence[int] = (),
                 tag_file: Optional[str] = None) -> None:
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.exclude_classes = tuple(exclude_classes)
        self.tag_file = tag_file
        self.tags: Optional[Dict[str, List[int]]] = None
        if tag_file is not None:
            if not osp.isfile(tag_file):
                raise FileNotFoundError(f'tag file {tag_file} not found')
            with open(tag_file) as f:
                self.tags = json.load(f)
            if not isinstance(self.tags, dict):
                raise ValueError(f'{tag_file}: expected a JSON object '
                                 'mapping image names to class indices')

    def transform(self, results: dict) -> dict:
        if self.tags is not None:
            present, source = self._from_tag_file(results)
        else:
            present, source = self._from_mask(results)
        bad = present[(present < 0) | (present >= self.num_classes)]
        if bad.size:
            raise ValueError(
                f'label values {bad.tolist()} in {source} are outside '
                f'0..{self.num_classes - 1} and not the ignore index '
                f'{self.ignore_index}')
        keep = ~np.isin(present, self.exclude_classes)
        results['gt_label'] = present[keep]
        return results

    def _from_mask(self, results: dict) -> Tuple[np.ndarray, str]:
        if 'gt_seg_map' not in results:
            raise KeyError(
                f"LoadImageLevelLabels needs the mask of "
                f"{results.get('img_path', 'the image')}: put it after "
                'LoadAnnotations, or give a tag_file. (MMSeg\'s '
                'inference_model drops LoadAnnotations: a config whose '
                'model reads the true tags at test time, '
                'test_cfg.use_image_labels=True, cannot predict images '
                'without masks; give it test_cfg=dict(mode=\'whole\', '
                'bg_power=3.0, score_threshold=0.3) and a test_pipeline '
                'without LoadImageLevelLabels.)')
        present = np.unique(results['gt_seg_map'])
        present = present[present != self.ignore_index].astype(np.int64)
        return present, results.get('seg_map_path', 'a mask')

    def _from_tag_file(self, results: dict) -> Tuple[np.ndarray, str]:
        stem = osp.splitext(osp.basename(results['img_path']))[0]
        if stem not in self.tags:
            raise KeyError(f'{self.tag_file} has no tags for image {stem!r} '
                           f'({results["img_path"]})')
        present = np.unique(np.asarray(self.tags[stem], dtype=np.int64))
        return present, f'{self.tag_file} (image {stem})'

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(num_classes={self.num_classes}, '
                f'ignore_index={self.ignore_index}, '
                f'exclude_classes={self.exclude_classes}, '
                f'tag_file={self.tag_file})')
