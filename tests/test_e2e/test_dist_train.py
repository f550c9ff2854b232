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
    config_path = str(tmp_path / 'mt_tiny.py')
    cfg.dump(config_path)

    env = dict(
        os.environ,
        PYTHON=sys.executable,
        PORT=str(_free_port()),
        OMP_NUM_THREADS='1')
    proc = subprocess.run(
        ['bash', osp.join(REPO_ROOT, 'tools', 'dist_train.sh'), config_path,
         '2', '--work-dir', work_dir],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]

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
