"""A run interrupted and resumed ends exactly where the uninterrupted run
ends: same batches, same augmentation draws (dataloader workers restart on
resume), same dropout and CutMix draws, same EMA teacher, same optimizers,
schedulers and update counters of both s4GAN sides."""
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner

from .utils import (DEMO_ROOT, REPO_ROOT, assert_same_weights,
                    tiny_semi_cfg)

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
    reason='bundled demo data missing')

CONFIGS = {
    'supervised': ('supervised',
                   'deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py', (2, )),
    'mean_teacher': ('mean_teacher',
                     'mean-teacher_deeplabv3plus_r18-lite_2k_camvid-1-8-'
                     '176x224.py', (2, 2)),
    'cps': ('cps', 'cps_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py',
            (2, 2)),
    'cps_cutmix': ('cps',
                   'cps-cutmix_deeplabv3plus_r18-lite_2k_camvid-1-8-'
                   '176x224.py', (2, 4)),
    # two optimizers, two schedulers, update counters, dropout in D
    's4gan': ('s4gan', 's4gan_deeplabv3plus_r18-lite_2k_camvid-1-8-'
              '176x224.py', (2, 2, 2)),
    # four optimizers, two sides of two sub-models, history pools (of 2
    # batches, so that 4 iterations draw from them and resume their content)
    'cyclegan': ('cyclegan', 'cyclegan_deeplabv3plus_r18-lite_2k_camvid-1-8-'
                 '176x224.py', (2, 2)),
}
# the quality benchmark's layout (MemoryFormatHook): the resumed run
# continues in channels-last, with the optimizer state it saved
CHANNELS_LAST = {'mean_teacher_channels_last': 'mean_teacher'}
POOL_SIZE = 2


def _cfg(name, work_dir):
    folder, filename, ratio = CONFIGS[CHANNELS_LAST.get(name, name)]
    cfg = tiny_semi_cfg(
        osp.join(REPO_ROOT, 'configs', folder, filename), work_dir,
        max_iters=4, val_interval=2, source_ratio=ratio, num_workers=2)
    cfg.randomness = dict(seed=0, deterministic=True)
    if cfg.model.type == 'CycleGANSegmentor':
        cfg.model.semi_train_cfg.pool_size = POOL_SIZE
    if name in CHANNELS_LAST:
        cfg.default_hooks.memory_format = dict(
            type='MemoryFormatHook', memory_format='channels_last')
    return cfg


@pytest.mark.parametrize('name', list(CONFIGS) + list(CHANNELS_LAST))
def test_interrupted_and_resumed_equals_uninterrupted(tmp_path, name):
    straight = Runner.from_cfg(_cfg(name, str(tmp_path / 'straight')))
    straight.train()

    work_dir = str(tmp_path / 'interrupted')
    cfg = _cfg(name, work_dir)
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='StopTrainingAfter', iters=2)
    ]
    first = Runner.from_cfg(cfg)
    first.train()
    assert first.iter == 2
    assert osp.isfile(osp.join(work_dir, 'iter_2.pth'))

    cfg = _cfg(name, work_dir)
    cfg.resume = True
    resumed = Runner.from_cfg(cfg)
    resumed.train()
    assert resumed.iter == 4

    expected = straight.model.state_dict()
    assert_same_weights(expected, resumed.model.state_dict())
    if name in CHANNELS_LAST:  # kxk kernels of >1 input channel: unambiguous
        convs = [p for p in resumed.model.parameters()
                 if p.dim() == 4 and p.shape[1] > 1 and p.shape[2] > 1]
        assert convs and all(
            p.is_contiguous(memory_format=torch.channels_last)
            and not p.is_contiguous() for p in convs)
    # and the runs did train (the interrupted run's iteration-2 weights
    # differ from the end)
    ckpt = torch.load(osp.join(work_dir, 'iter_2.pth'), map_location='cpu',
                      weights_only=False)['state_dict']
    assert any(not torch.allclose(ckpt[k].float(), v.float(), atol=1e-5)
               for k, v in expected.items() if v.is_floating_point())
