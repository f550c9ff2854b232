"""tools/dist_train.sh with 2 processes on CPU (gloo), Mean Teacher."""
import glob
import os
import os.path as osp
import shutil
import socket
import subprocess
import sys

import pytest
import torch

from .utils import DEMO_ROOT, MT_DEMO_CONFIG, REPO_ROOT, tiny_semi_cfg

CPS_CUTMIX_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'cps',
    'cps-cutmix_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py')

pytestmark = [
    pytest.mark.skipif(
        not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
        reason='bundled demo data missing'),
    pytest.mark.skipif(
        shutil.which('bash') is None, reason='dist_train.sh needs bash'),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _dist_train(cfg, config_path: str, work_dir: str) -> str:
    """Dump ``cfg`` and train it with tools/dist_train.sh on 2 CPU
    processes; returns stdout + stderr of the successful run."""
    cfg.dump(config_path)
    env = dict(
        os.environ,
        PYTHON=sys.executable,
        PORT=str(_free_port()),
        OMP_NUM_THREADS='1')
    # a hook module (rank_state_hook) is imported by name from this folder
    # (a dependency installs a top-level `tests` package, which shadows the
    # repo's)
    env['PYTHONPATH'] = os.pathsep.join(
        [osp.dirname(osp.abspath(__file__)), env.get('PYTHONPATH', '')])
    proc = subprocess.run(
        ['bash', osp.join(REPO_ROOT, 'tools', 'dist_train.sh'), config_path,
         '2', '--work-dir', work_dir],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    return output


@pytest.mark.parametrize(
    'config,source_ratio,submodels,metric',
    [(MT_DEMO_CONFIG, (2, 2), ('student', 'teacher'), 'teacher/mIoU'),
     (CPS_CUTMIX_CONFIG, (2, 4), ('branch1', 'branch2'), 'branch2/mIoU')],
    ids=['mean_teacher', 'cps_cutmix'])
def test_two_process_cpu_training(tmp_path, config, source_ratio, submodels,
                                  metric):
    work_dir = str(tmp_path / 'work')
    cfg = tiny_semi_cfg(config, work_dir, max_iters=2, val_interval=2,
                        source_ratio=source_ratio)
    cfg.log_level = 'INFO'
    output = _dist_train(cfg, str(tmp_path / 'mt_tiny.py'), work_dir)

    logs = glob.glob(osp.join(work_dir, '*', '*.log'))
    assert len(logs) == 1
    log = open(logs[0]).read()
    assert 'Distributed training: True' in log
    assert "backend='gloo'" in log  # the config the runner used
    assert 'runs on CPU with the gloo backend' in output
    assert metric in log

    ckpt = torch.load(
        osp.join(work_dir, 'iter_2.pth'), map_location='cpu',
        weights_only=False)
    keys = ckpt['state_dict'].keys()
    for name in submodels:
        assert any(k.startswith(name + '.') for k in keys)
    assert ckpt['meta']['iter'] == 2


ADVERSARIAL = {
    # config, batch shares, the sub-model compared across ranks (one
    # updated with others in a shared backward pass for CycleGAN)
    's4gan': (osp.join(REPO_ROOT, 'configs', 's4gan',
                       's4gan_deeplabv3plus_r18-lite_2k_camvid-1-8-'
                       '176x224.py'), (2, 2, 2), 'discriminator',
              {'segmentor', 'discriminator'}),
    'cyclegan': (osp.join(REPO_ROOT, 'configs', 'cyclegan',
                          'cyclegan_deeplabv3plus_r18-lite_2k_camvid-1-8-'
                          '176x224.py'), (2, 2), 'generator',
                 {'segmentor', 'generator', 'image_discriminator',
                  'mask_discriminator'}),
}


@pytest.mark.parametrize('name', list(ADVERSARIAL))
def test_two_process_adversarial_training_keeps_submodels_in_sync(
        tmp_path, name):
    """Several optimizers under dist_train.sh: each sub-model is wrapped
    on its own, the model's alternating train_step runs, and after every
    step a sub-model (updated from different batches on each rank) is the
    same on both ranks, while the ranks did see different data."""
    config, ratio, submodel, optimizers = ADVERSARIAL[name]
    work_dir = str(tmp_path / 'work')
    cfg = tiny_semi_cfg(config, work_dir, max_iters=3, val_interval=3,
                        source_ratio=ratio)
    cfg.log_level = 'INFO'
    cfg.custom_imports = dict(
        imports=['mmseg_semi', 'rank_state_hook'],
        allow_failed_imports=False)
    cfg.custom_hooks = [dict(type='SaveRankStateHook', submodel=submodel)]
    output = _dist_train(cfg, str(tmp_path / f'{name}_tiny.py'), work_dir)
    assert 'each sub-model is wrapped on its own' in output

    for it in (1, 2, 3):
        ranks = [
            torch.load(osp.join(work_dir, f'rank{r}_iter{it}.pth'),
                       weights_only=False) for r in (0, 1)
        ]
        assert ranks[0]['model_wrapper'] == \
            'MMSeparateDistributedDataParallel'
        assert ranks[0]['submodel_wrapper'] == 'MMDistributedDataParallel'
        for key, value in ranks[0]['state'].items():
            assert torch.equal(value, ranks[1]['state'][key]), (it, key)
    first = torch.load(osp.join(work_dir, 'rank0_iter1.pth'),
                       weights_only=False)['state']
    second = torch.load(osp.join(work_dir, 'rank0_iter2.pth'),
                        weights_only=False)['state']
    assert any(not torch.equal(first[k], second[k]) for k in first)
    ckpt = torch.load(osp.join(work_dir, 'iter_3.pth'), map_location='cpu',
                      weights_only=False)
    assert set(ckpt['optimizer']) == optimizers
    # the checkpoint keys do not depend on the wrapper (no 'module.')
    last = torch.load(osp.join(work_dir, 'rank0_iter3.pth'),
                      weights_only=False)['state']
    for key, value in last.items():
        assert torch.equal(ckpt['state_dict'][f'{submodel}.{key}'], value)
    assert not any('.module.' in k for k in ckpt['state_dict'])


def test_two_process_channels_last_training_keeps_ranks_in_sync(tmp_path):
    """MemoryFormatHook converts the weights after DDP has laid out its
    gradient buckets for NCHW: the channels-last gradients are still
    all-reduced, so the student is the same on both ranks after every
    step (while it does change), and it stays channels-last."""
    work_dir = str(tmp_path / 'work')
    cfg = tiny_semi_cfg(MT_DEMO_CONFIG, work_dir, max_iters=2,
                        val_interval=2, source_ratio=(2, 2))
    cfg.default_hooks.memory_format = dict(
        type='MemoryFormatHook', memory_format='channels_last')
    cfg.custom_imports = dict(
        imports=['mmseg_semi', 'rank_state_hook'],
        allow_failed_imports=False)
    cfg.custom_hooks = list(cfg.get('custom_hooks', [])) + [
        dict(type='SaveRankStateHook', submodel='student')]
    _dist_train(cfg, str(tmp_path / 'mt_channels_last_tiny.py'), work_dir)
    states = {(r, it): torch.load(
        osp.join(work_dir, f'rank{r}_iter{it}.pth'),
        weights_only=False)['state'] for r in (0, 1) for it in (1, 2)}
    # parameters, not BN running statistics: each rank updates those from
    # its own batch (DDP broadcasts rank 0's before the next forward)
    params = [k for k in states[0, 1]
              if 'running_' not in k and 'num_batches' not in k]
    assert len(params) > 10
    for it in (1, 2):
        for key in params:
            assert torch.equal(states[0, it][key],
                               states[1, it][key]), (it, key)
    assert any(not torch.equal(states[0, 1][k], states[0, 2][k])
               for k in params)
    convs = [v for v in states[0, 2].values()
             if v.dim() == 4 and v.shape[1] > 1 and v.shape[2] > 1]
    assert convs and all(
        v.is_contiguous(memory_format=torch.channels_last)
        and not v.is_contiguous() for v in convs)
