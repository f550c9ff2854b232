"""Score a prediction at the resized input's size, not the original's."""
from mmcv.transforms import BaseTransform

from mmseg.registry import TRANSFORMS


@TRANSFORMS.register_module()
class ScoreAtInputSize(BaseTransform):
    """Make the resized image the one the prediction is scored at.

    MMSeg resizes a prediction back to ``ori_shape`` before the metric sees
    it. After ``LoadAnnotations`` and a ``Resize`` that resized the mask
    too, this sets ``ori_shape`` to ``img_shape``, so the prediction stays
    at the network's input size and is compared with the resized mask:
    the protocol of the CycleGAN segmentation reference, which scores at
    its 200x200 training size (reference/wseg_cyclegan.md B6)::

        test_pipeline = [
            dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
            dict(type='Resize', scale=(200, 200), keep_ratio=False),
            dict(type='ScoreAtInputSize'), dict(type='PackSegInputs')]

    Required keys: ``img_shape``, ``gt_seg_map`` (of the same size).
    Modified keys: ``ori_shape``.
    """

    def transform(self, results: dict) -> dict:
        mask = results.get('gt_seg_map')
        if mask is None or mask.shape[:2] != tuple(results['img_shape'][:2]):
            raise ValueError(
                'ScoreAtInputSize needs the mask resized with the image: put '
                'LoadAnnotations before Resize in the test pipeline '
                f"({results.get('img_path')})")
        results['ori_shape'] = tuple(results['img_shape'][:2])
        return results
