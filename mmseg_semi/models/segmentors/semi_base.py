"""The base of every semi-supervised segmentor: several copies of one
MMSeg segmentor trained together from multi-view batches."""
import copy
from typing import Dict, List, Optional, Tuple

import torch
from mmengine.config import ConfigDict
from mmengine.logging import MessageHub
from torch import Tensor, nn

from mmseg.models.segmentors import BaseSegmentor
from mmseg.models.utils import resize
from mmseg.registry import MODELS
from mmseg.utils import (ConfigType, OptConfigType, OptMultiConfig,
                         SampleList, add_prefix)
from ...utils import add_prefix_to_losses, weight_losses
from ..losses import pseudo_label_cross_entropy
from ..utils import PseudoLabels, pseudo_labels_from_logits, valid_pixel_mask

MultiViewInputs = Dict[str, Tensor]
MultiViewSamples = Dict[str, SampleList]


@MODELS.register_module()
class SemiBaseSegmentor(BaseSegmentor):
    """Student and frozen teacher built from one MMSeg segmentor config.

    The sub-models (``student`` and ``teacher`` here; subclasses choose
    other names through :attr:`submodel_names`) are built from the same
    ``segmentor`` config, e.g. MMSeg's ``EncoderDecoder``. Those listed in
    :attr:`frozen_submodels` get ``requires_grad=False`` and stay in eval
    mode even after ``model.train()``: their weights change only through a
    hook such as :class:`MeanTeacherHook`.

    Training batches come from :class:`MultiBranchSegDataPreProcessor`::

        inputs       = {'sup': (B_l, 3, H, W), 'unsup_weak': (B_u, 3, H, W),
                        'unsup_strong': (B_u, 3, H, W)}
        data_samples = {view: list of SegDataSample}

    Unlabelled views carry the content/padding map of
    :class:`LoadEmptySegAnnotation` as ``gt_sem_seg``.

    The default :meth:`loss` is supervised loss on ``sup`` plus
    self-training from the teacher: hard pseudo labels from the teacher's
    logits on the weak view (computed at input resolution, not through
    MMSeg's ``predict`` post-processing, which would remove padding and
    undo flips), kept where the confidence reaches ``conf_thr``, and a
    cross-entropy of the student's logits on the strong view, normalised by
    the number of content pixels. Losses are prefixed ``sup_`` / ``unsup_``
    and scaled by ``sup_weight`` / ``unsup_weight``.

    Inference, validation and ``mode='tensor'`` use the sub-model named by
    ``semi_test_cfg.predict_on``.

    A plain MMSeg checkpoint (keys without a sub-model prefix) loads into
    every sub-model, so ``load_from`` a supervised model just works.

    Args:
        segmentor (dict): MMSeg segmentor config, built once per sub-model.
        semi_train_cfg (dict, optional): ``sup_weight`` (1.0),
            ``unsup_weight`` (1.0), ``conf_thr`` (0.0).
        semi_test_cfg (dict, optional): ``predict_on`` (default: the first
            name of :attr:`frozen_submodels`, else of
            :attr:`submodel_names`).
        data_preprocessor (dict, optional): defaults to a
            :class:`MultiBranchSegDataPreProcessor` wrapping the segmentor's
            own ``data_preprocessor``.
        init_cfg (dict, optional): MMEngine init config.
    """
    submodel_names: Tuple[str, ...] = ('student', 'teacher')
    frozen_submodels: Tuple[str, ...] = ('teacher', )
    trained_submodel = 'student'
    # predict_on values other than a sub-model name (e.g. an ensemble)
    extra_predict_modes: Tuple[str, ...] = ()
    required_views: Tuple[str, ...] = ('sup', 'unsup_weak', 'unsup_strong')

    def __init__(self,
                 segmentor: ConfigType,
                 semi_train_cfg: OptConfigType = None,
                 semi_test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None) -> None:
        if data_preprocessor is None:
            data_preprocessor = dict(
                type='MultiBranchSegDataPreProcessor',
                data_preprocessor=segmentor['data_preprocessor'])
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.semi_train_cfg = ConfigDict(semi_train_cfg or {})
        self.semi_test_cfg = ConfigDict(semi_test_cfg or {})
        for name in self.submodel_names:
            self.add_module(name, MODELS.build(copy.deepcopy(segmentor)))
        for name in self.frozen_submodels:
            self.freeze(getattr(self, name))
        default = (self.frozen_submodels or self.submodel_names)[0]
        self.predict_on = self.semi_test_cfg.get('predict_on', default)

    # ----------------------------------------------------------- sub-models
    @staticmethod
    def freeze(model: nn.Module) -> None:
        """No gradient and eval mode for ``model``."""
        model.eval()
        for param in model.parameters():
            param.requires_grad = False

    def check_predict_mode(self, name: str, what: str) -> str:
        """Return ``name`` if the model can predict with it (a sub-model
        or one of :attr:`extra_predict_modes`), else raise a clear error."""
        choices = self.submodel_names + self.extra_predict_modes
        if name not in choices:
            raise ValueError(
                f'{what}={name!r} is not a sub-model of '
                f'{type(self).__name__}; choose one of {list(choices)}')
        return name

    @property
    def predict_on(self) -> str:
        """Name of the sub-model used for inference and validation."""
        return self._predict_on

    @predict_on.setter
    def predict_on(self, name: str) -> None:
        self._predict_on = self.check_predict_mode(
            name, 'semi_test_cfg.predict_on')

    @property
    def predict_model(self) -> BaseSegmentor:
        return getattr(self, self.predict_on)

    def train(self, mode: bool = True) -> 'SemiBaseSegmentor':
        """Switch mode, but keep frozen sub-models in eval mode.

        ``IterBasedTrainLoop`` calls ``model.train()`` every iteration; a
        teacher in train mode would update its BN statistics from the
        unlabelled batches and predict with batch statistics.
        """
        super().train(mode)
        for name in self.frozen_submodels:
            getattr(self, name).eval()
        return self

    # ------------------------------------------------------------- inference
    @property
    def align_corners(self) -> bool:
        return self.predict_model.align_corners

    def extract_feat(self, inputs: Tensor) -> List[Tensor]:
        return self.predict_model.extract_feat(inputs)

    def encode_decode(self, inputs: Tensor,
                      batch_img_metas: List[dict]) -> Tensor:
        return self.predict_model.encode_decode(inputs, batch_img_metas)

    def predict(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None) -> SampleList:
        return self.predict_model.predict(inputs, data_samples)

    def _forward(self,
                 inputs: Tensor,
                 data_samples: Optional[SampleList] = None) -> Tensor:
        return self.predict_model._forward(inputs, data_samples)

    def logits(self, name: str, inputs: Tensor) -> Tensor:
        """(N, C, H, W) logits of sub-model ``name`` at input resolution.

        Called through the sub-model's ``forward`` (``mode='tensor'``), so
        distributed wrappers see the call. Gradient flows unless the
        sub-model is frozen or the caller is under ``no_grad``.
        """
        model = getattr(self, name)
        logits = model(inputs, mode='tensor')
        return self._to_input_size(model, logits, inputs)

    @staticmethod
    def _to_input_size(model: BaseSegmentor, logits: Tensor,
                       inputs: Tensor) -> Tensor:
        return resize(
            logits,
            size=inputs.shape[-2:],
            mode='bilinear',
            align_corners=model.align_corners)

    def loss_and_logits(self, name: str, inputs: Tensor,
                        data_samples: SampleList) -> Tuple[dict, Tensor]:
        """MMSeg's supervised losses of sub-model ``name`` *and* its
        (N, C, H, W) logits at input resolution, from one forward pass.

        The losses are those of ``EncoderDecoder.loss`` (decode head with
        its sampler and ``loss_decode``, plus auxiliary heads), so methods
        that also need the logits of labelled images (CPS) do not run the
        network twice.
        """
        self.check_labels(data_samples)
        model = getattr(self, name)
        feats = model.extract_feat(inputs)
        seg_logits = model.decode_head(feats)
        losses = add_prefix(
            model.decode_head.loss_by_feat(seg_logits, data_samples),
            'decode')
        if model.with_auxiliary_head:
            losses.update(
                model._auxiliary_head_forward_train(feats, data_samples))
        return losses, self._to_input_size(model, seg_logits, inputs)

    # ------------------------------------------------------------- training
    @property
    def num_classes(self) -> int:
        return getattr(self, self.submodel_names[0]).num_classes

    @property
    def ignore_index(self) -> int:
        head = getattr(self, self.submodel_names[0]).decode_head
        return getattr(head, 'ignore_index', 255)

    @property
    def current_iter(self) -> int:
        """Training iteration from MMEngine's message hub (0 if unset)."""
        return MessageHub.get_current_instance().get_info('iter', 0) or 0

    def check_views(self, inputs: MultiViewInputs) -> None:
        missing = [v for v in self.required_views if v not in inputs]
        if missing:
            raise KeyError(
                f'{type(self).__name__} needs the views '
                f'{list(self.required_views)} in every training batch but '
                f'{missing} are missing (got {list(inputs)}); check the '
                'MultiBranch transforms of the train pipelines and the '
                'MultiSourceSampler source_ratio')

    def check_labels(self, data_samples: SampleList) -> None:
        """Raise if a ground-truth label is neither a class nor ignored."""
        num_classes, ignore = self.num_classes, self.ignore_index
        labels = torch.stack([s.gt_sem_seg.data for s in data_samples])
        if not ((labels < num_classes) | (labels == ignore)).all():
            for sample in data_samples:
                gt = sample.gt_sem_seg.data
                bad = gt[(gt >= num_classes) & (gt != ignore)].unique()
                if bad.numel():
                    raise ValueError(
                        f'label values {bad.tolist()} in '
                        f'{sample.metainfo.get("seg_map_path", "a sample")} '
                        f'are outside 0..{num_classes - 1} (num_classes='
                        f'{num_classes}) and are not the ignore index '
                        f'{ignore}; fix num_classes or map them with the '
                        "dataset's label_map / reduce_zero_label")

    def loss_by_gt(self, name: str, inputs: Tensor,
                   data_samples: SampleList) -> dict:
        """MMSeg's own supervised losses of sub-model ``name``."""
        self.check_labels(data_samples)
        return getattr(self, name).loss(inputs, data_samples)

    def pseudo_labels(self, name: str, inputs: Tensor,
                      data_samples: SampleList) -> PseudoLabels:
        """Hard pseudo labels from sub-model ``name`` (no gradient)."""
        valid = valid_pixel_mask(data_samples, self.ignore_index)
        with torch.no_grad():
            logits = self.logits(name, inputs)
        return pseudo_labels_from_logits(
            logits,
            valid,
            threshold=self.semi_train_cfg.get('conf_thr', 0.0),
            ignore_index=self.ignore_index)

    def loss(self, inputs: MultiViewInputs,
             data_samples: MultiViewSamples) -> dict:
        """Weighted, prefixed supervised + unsupervised losses.

        Returns:
            dict: ``sup_*`` entries from :meth:`loss_by_gt` on the ``sup``
            view and ``unsup_*`` entries from :meth:`loss_unsup`.
        """
        self.check_views(inputs)
        sup = self.loss_by_gt(self.trained_submodel, inputs['sup'],
                              data_samples['sup'])
        unsup = self.loss_unsup(inputs, data_samples)
        losses = add_prefix_to_losses(
            weight_losses(sup, self.semi_train_cfg.get('sup_weight', 1.0)),
            'sup_')
        losses.update(
            add_prefix_to_losses(
                weight_losses(unsup, self.unsup_weight()), 'unsup_'))
        return losses

    def unsup_weight(self) -> float:
        """Weight of the unsupervised losses at the current iteration."""
        return self.semi_train_cfg.get('unsup_weight', 1.0)

    def loss_unsup(self, inputs: MultiViewInputs,
                   data_samples: MultiViewSamples) -> dict:
        """Self-training: student on the strong view vs teacher pseudo
        labels from the weak view (unweighted, unprefixed)."""
        pseudo = self.pseudo_labels('teacher', inputs['unsup_weak'],
                                    data_samples['unsup_weak'])
        student_logits = self.logits(self.trained_submodel,
                                     inputs['unsup_strong'])
        loss = pseudo_label_cross_entropy(
            student_logits,
            pseudo.labels,
            num_valid=pseudo.valid.sum(),
            ignore_index=self.ignore_index)
        return dict(loss_pseudo=loss, mask_ratio=pseudo.mask_ratio)

    # ---------------------------------------------------------- checkpoints
    def _load_from_state_dict(self, state_dict: dict, prefix: str,
                              local_metadata: dict, strict: bool,
                              missing_keys: list, unexpected_keys: list,
                              error_msgs: list) -> None:
        """Copy a plain segmentor checkpoint into every sub-model."""
        own_keys = [k for k in state_dict if k.startswith(prefix)]
        is_plain = own_keys and not any(
            k[len(prefix):].split('.', 1)[0] in self.submodel_names
            for k in own_keys)
        if is_plain:
            for key in own_keys:
                value = state_dict.pop(key)
                for name in self.submodel_names:
                    state_dict[f'{prefix}{name}.{key[len(prefix):]}'] = value
        super()._load_from_state_dict(state_dict, prefix, local_metadata,
                                      strict, missing_keys, unexpected_keys,
                                      error_msgs)
