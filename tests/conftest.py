"""Shared fixtures of the mmseg_semi unit tests.

Importing ``mmseg_semi`` registers every component in MMSeg's registries;
the default scope is set to ``mmseg`` so that ``MODELS.build`` /
``TRANSFORMS.build`` find MMSeg's and the plugin's classes.

Helpers are exposed as (factory) fixtures:

- ``tiny_seg_cfg(num_classes=3, size=(32, 32))``: config of a tiny MMSeg
  ``EncoderDecoder`` (ResNetV1c-18 with 8 base channels, BN, FCN head);
- ``make_sample(gt, metainfo)``: a ``SegDataSample`` with ``gt_sem_seg``;
- ``semi_batch(...)``: an already preprocessed multi-view training batch
  ``(inputs, data_samples)`` as ``SemiBaseSegmentor.loss`` receives it;
- ``camvid_demo_root``: ``data/camvid_demo`` of this repo (skips if absent);
- ``message_hub_iter(it)``: sets MMEngine's ``iter`` info (reset after).

Every test starts from seed 0 (random, numpy, torch). Torch runs on one
thread: the tensors are tiny and two threads on two shared cores spend
most of their time waiting for each other.
"""
import os.path as osp
import random
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import pytest
import torch
from mmengine.config import ConfigDict
from mmengine.logging import MessageHub
from mmengine.registry import init_default_scope
from mmengine.structures import PixelData

import mmseg_semi  # noqa: F401  (registers every component)
from mmseg.structures import SegDataSample

init_default_scope('mmseg')
# Tiny tensors: one thread is fastest and does not fight other processes
# for the two cores (intra-op thread contention cost 100x here).
torch.set_num_threads(1)

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
CAMVID_DEMO_ROOT = osp.join(REPO_ROOT, 'data', 'camvid_demo')

NUM_CLASSES = 3
IMG_SIZE = (32, 32)  # (h, w)
MEAN = [123.675, 116.28, 103.53]
STD = [58.395, 57.12, 57.375]


def seed_everything(seed: int = 0) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def tiny_segmentor_cfg(num_classes: int = NUM_CLASSES,
                       size: Tuple[int, int] = IMG_SIZE) -> dict:
    """A 0.2 M parameter EncoderDecoder that runs in milliseconds on CPU."""
    norm_cfg = dict(type='BN', requires_grad=True)
    # a ConfigDict, as a config file gives (EncoderDecoder reads
    # ``test_cfg.mode`` as an attribute)
    return ConfigDict(
        type='EncoderDecoder',
        data_preprocessor=dict(
            type='SegDataPreProcessor',
            mean=MEAN,
            std=STD,
            bgr_to_rgb=True,
            pad_val=0,
            seg_pad_val=255,
            size=size),
        pretrained=None,
        backbone=dict(
            type='ResNetV1c',
            depth=18,
            base_channels=8,
            stem_channels=8,
            num_stages=4,
            out_indices=(0, 1, 2, 3),
            strides=(1, 2, 1, 1),  # output stride 8: 4x4 features at 32x32
            dilations=(1, 1, 2, 4),
            norm_cfg=norm_cfg,
            norm_eval=False,
            style='pytorch',
            contract_dilation=True),
        decode_head=dict(
            type='FCNHead',
            in_channels=64,
            in_index=3,
            channels=8,
            num_convs=1,
            concat_input=False,
            dropout_ratio=0.0,
            num_classes=num_classes,
            norm_cfg=norm_cfg,
            align_corners=False,
            loss_decode=dict(
                type='CrossEntropyLoss',
                use_sigmoid=False,
                loss_weight=1.0,
                avg_non_ignore=True)),
        train_cfg=dict(),
        test_cfg=dict(mode='whole'))


def make_seg_sample(gt: Optional[torch.Tensor] = None,
                    metainfo: Optional[dict] = None,
                    size: Tuple[int, int] = IMG_SIZE) -> SegDataSample:
    """SegDataSample with metainfo of an unpadded ``size`` image and, when
    ``gt`` ((H, W) or (1, H, W) integer tensor) is given, ``gt_sem_seg``."""
    h, w = size if gt is None else gt.shape[-2:]
    meta = dict(
        img_shape=(h, w), ori_shape=(h, w), pad_shape=(h, w),
        img_path=f'img_{h}x{w}.png')
    meta.update(metainfo or {})
    sample = SegDataSample(metainfo=meta)
    if gt is not None:
        gt = gt.long()
        if gt.ndim == 2:
            gt = gt[None]
        sample.gt_sem_seg = PixelData(data=gt)
    return sample


def make_semi_batch(num_classes: int = NUM_CLASSES,
                    num_labeled: int = 2,
                    num_unlabeled: int = 2,
                    size: Tuple[int, int] = IMG_SIZE,
                    pad_rows: int = 8,
                    seed: int = 0,
                    views: Sequence[str] = ('sup', 'unsup_weak',
                                            'unsup_strong')
                    ) -> Tuple[Dict[str, torch.Tensor],
                               Dict[str, List[SegDataSample]]]:
    """A preprocessed multi-view batch as the segmentor's ``loss`` gets it.

    ``sup``: random labels in ``[0, num_classes)`` with the last two rows
    ignored (255). Unlabelled views: 254 on content and 255 on the last
    ``pad_rows`` rows (padding); the strong view is the weak one plus noise.
    """
    gen = torch.Generator().manual_seed(seed)
    h, w = size
    inputs, samples = {}, {}
    if 'sup' in views:
        inputs['sup'] = torch.randn(num_labeled, 3, h, w, generator=gen)
        samples['sup'] = []
        for i in range(num_labeled):
            gt = torch.randint(0, num_classes, (1, h, w), generator=gen)
            gt[:, -2:] = 255
            samples['sup'].append(
                make_seg_sample(
                    gt, dict(seg_map_path=f'labels/sup_{i}.png')))
    weak = torch.randn(num_unlabeled, 3, h, w, generator=gen)
    weak[:, :, h - pad_rows:] = 0  # padded area
    strong = weak + 0.5 * torch.randn(weak.shape, generator=gen)
    for view, tensor in (('unsup_weak', weak), ('unsup_strong', strong)):
        if view not in views:
            continue
        inputs[view] = tensor.clone()
        samples[view] = []
        for i in range(num_unlabeled):
            gt = torch.full((1, h, w), 254, dtype=torch.long)
            gt[:, h - pad_rows:] = 255
            samples[view].append(
                make_seg_sample(gt, dict(img_path=f'unlabeled_{i}.png')))
    return inputs, samples


# ---------------------------------------------------------------- fixtures
@pytest.fixture(autouse=True)
def _seed_everything():
    """Every test starts from the same random state."""
    seed_everything(0)
    yield


@pytest.fixture
def tiny_seg_cfg():
    """Factory: ``tiny_seg_cfg(num_classes=3, size=(32, 32)) -> dict``."""
    return tiny_segmentor_cfg


@pytest.fixture
def make_sample():
    """Factory: ``make_sample(gt=None, metainfo=None, size=(32, 32))``."""
    return make_seg_sample


@pytest.fixture
def semi_batch():
    """Factory: ``semi_batch(num_classes=3, ...) -> (inputs, samples)``."""
    return make_semi_batch


@pytest.fixture
def camvid_demo_root() -> str:
    """Absolute path of the bundled ``data/camvid_demo`` (skip if absent)."""
    if not osp.isfile(osp.join(CAMVID_DEMO_ROOT, 'train.txt')):
        pytest.skip(f'{CAMVID_DEMO_ROOT} is not there')
    return CAMVID_DEMO_ROOT


@pytest.fixture
def message_hub_iter():
    """Setter of the training iteration seen through MMEngine's
    ``MessageHub``; the value is reset to 0 after the test."""
    hub = MessageHub.get_current_instance()
    original = hub.get_info('iter', None)

    def set_iter(value: int) -> None:
        hub.update_info('iter', value)

    yield set_iter
    hub.update_info('iter', 0 if original is None else original)
