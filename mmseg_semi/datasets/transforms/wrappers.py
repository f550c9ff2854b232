"""Pipelines that produce several views of one sample."""
import copy
from typing import Dict, List, Optional, Union

from mmcv.transforms import BaseTransform, Compose

from mmseg.registry import TRANSFORMS

PipelineCfg = Union[dict, List[dict]]


@TRANSFORMS.register_module()
class MultiBranch(BaseTransform):
    """Run several sub-pipelines on copies of one sample, one per view.

    Put the geometric transforms *before* ``MultiBranch`` so that all views
    share geometry, and per-view (photometric) transforms plus
    ``PackSegInputs`` inside each branch.

    Every sample, whatever its source, comes out with the same structure::

        {'inputs':       {branch: Tensor (3, H, W) or None, ...},
         'data_samples': {branch: SegDataSample or None, ...}}

    with one entry per name in ``branch_field`` and ``None`` for the views
    this source does not produce (e.g. a labelled sample has no
    ``unsup_strong`` view), so that labelled and unlabelled samples can be
    collated into one batch. :class:`MultiBranchSegDataPreProcessor` drops the
    ``None`` entries and stacks each view separately.

    Args:
        branch_field (list[str]): names of all views any source produces,
            e.g. ``['sup', 'unsup_weak', 'unsup_strong']``.
        **branch_pipelines: ``name=pipeline`` for the views this source
            produces; each pipeline is a transform config or a list of them
            and must end with ``PackSegInputs``.

    Example:
        >>> MultiBranch(branch_field=['sup', 'unsup_weak', 'unsup_strong'],
        ...             unsup_weak=[dict(type='PackSegInputs')],
        ...             unsup_strong=[dict(type='ColorJitter'),
        ...                           dict(type='PackSegInputs')])
    """

    def __init__(self, branch_field: List[str],
                 **branch_pipelines: PipelineCfg) -> None:
        unknown = set(branch_pipelines) - set(branch_field)
        if unknown:
            raise ValueError(
                f'MultiBranch got pipelines for {sorted(unknown)} which are '
                f'not in branch_field={list(branch_field)}')
        if not branch_pipelines:
            raise ValueError('MultiBranch needs at least one branch pipeline')
        self.branch_field = list(branch_field)
        self.branch_pipelines = {
            name: Compose(pipeline if isinstance(pipeline, list) else
                          [pipeline])
            for name, pipeline in branch_pipelines.items()
        }

    def transform(self, results: dict) -> Optional[Dict[str, dict]]:
        packed = {
            'inputs': {name: None
                       for name in self.branch_field},
            'data_samples': {name: None
                             for name in self.branch_field},
        }
        for name, pipeline in self.branch_pipelines.items():
            view = pipeline(copy.deepcopy(results))
            if view is None:  # a transform rejected the sample
                return None
            packed['inputs'][name] = view['inputs']
            packed['data_samples'][name] = view['data_samples']
        return packed

    def __repr__(self) -> str:
        return (f'{type(self).__name__}(branch_field={self.branch_field}, '
                f'branches={list(self.branch_pipelines)})')
