"""Per-view preprocessing of multi-view (MultiBranch) batches."""
from typing import Dict, List, Optional

from mmengine.model import BaseDataPreprocessor

from mmseg.registry import MODELS
from ..utils.labels import check_label_values, is_labelled_view


@MODELS.register_module()
class MultiBranchSegDataPreProcessor(BaseDataPreprocessor):
    """Normalise, pad and stack each view of a multi-view batch separately.

    Training batches come from :class:`MultiBranch` and ``pseudo_collate``::

        {'inputs':       {view: [Tensor (3, H, W) or None] * B},
         'data_samples': {view: [SegDataSample or None] * B}}

    For every view, the samples that have it (non-``None``) are passed to
    the wrapped :class:`~mmseg.models.SegDataPreProcessor`; the result is::

        {'inputs':       {view: Tensor (B_view, 3, H, W)},
         'data_samples': {view: [SegDataSample] * B_view}}

    Views no sample of the batch has are left out. Validation and test
    batches are plain MMSeg batches and go straight to the wrapped
    preprocessor.

    **Label check.** Once :meth:`set_label_check` gave it the number of
    classes (the semi-supervised segmentors do so when they are built), the
    labels of the labelled views (``sup``, ``sup_*``) are checked while they
    are still CPU tensors, before they go to the device, so that a label
    outside the classes fails with the file's name instead of a CUDA
    assert, without a device sync in the training step.

    Args:
        data_preprocessor (dict): config of the wrapped preprocessor,
            usually the segmentor's own ``data_preprocessor``.
    """

    def __init__(self, data_preprocessor: dict) -> None:
        super().__init__()
        self.data_preprocessor = MODELS.build(data_preprocessor)
        self.num_classes: Optional[int] = None

    def set_label_check(self, num_classes: Optional[int]) -> None:
        """Check labelled views against ``num_classes`` (None: no check)."""
        self.num_classes = num_classes

    def forward(self, data: dict, training: bool = False) -> dict:
        if not training:
            return self.data_preprocessor(data, training)
        if not isinstance(data.get('inputs'), dict):
            raise TypeError(
                'MultiBranchSegDataPreProcessor expects training batches '
                'from the MultiBranch transform ({view: [...]} inputs); wrap '
                'the end of each training pipeline in MultiBranch')
        views_inputs: Dict[str, List] = data['inputs']
        views_samples: Dict[str, List] = data['data_samples']
        out_inputs, out_samples = {}, {}
        for view, inputs in views_inputs.items():
            keep = [i for i, item in enumerate(inputs) if item is not None]
            if not keep:
                continue
            if self.num_classes is not None and is_labelled_view(view):
                check_label_values(
                    [views_samples[view][i] for i in keep], self.num_classes)
            view_batch = self.data_preprocessor(
                dict(
                    inputs=[inputs[i] for i in keep],
                    data_samples=[views_samples[view][i] for i in keep]),
                training=True)
            out_inputs[view] = view_batch['inputs']
            out_samples[view] = view_batch['data_samples']
        return dict(inputs=out_inputs, data_samples=out_samples)
