"""CPS (+ CutMix) end to end through MMEngine's Runner on the bundled demo
data: train, validate both branches, checkpoint, resume, export a branch."""
import os
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner

from .utils import (DEMO_ROOT, REPO_ROOT, export_and_load_tiny,
                    scalar_records, tiny_semi_cfg)

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
    reason='bundled demo data missing')

CPS_CUTMIX_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'cps',
    'cps-cutmix_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py')
CPS_CONFIG = osp.join(REPO_ROOT, 'configs', 'cps',
                      'cps_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py')


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """CPS + CutMix: 4 iterations of 2 labelled + 4 unlabelled images."""
    work_dir = str(tmp_path_factory.mktemp('cps_run'))
    runner = Runner.from_cfg(
        tiny_semi_cfg(CPS_CUTMIX_CONFIG, work_dir, source_ratio=(2, 4)))
    runner.train()
    return work_dir, runner


def test_trains_and_validates_both_branches(trained):
    work_dir, runner = trained
    records = scalar_records(runner.log_dir)
    train = [r for r in records if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2, 3, 4]
    assert {'sup_branch1.decode.loss_ce', 'sup_branch2.decode.loss_ce',
            'unsup_loss_cps'} <= set(train[-1])
    val = [r for r in records if 'branch1/mIoU' in r]
    assert [r['step'] for r in val] == [2, 4]
    assert all('branch2/mIoU' in r for r in val)
    assert any(f.startswith('best_branch1_mIoU_iter_')
               for f in os.listdir(work_dir))


def test_checkpoint_holds_both_branches(trained):
    work_dir, _ = trained
    state = torch.load(
        osp.join(work_dir, 'iter_4.pth'), map_location='cpu',
        weights_only=False)['state_dict']
    branch1 = {k[8:]: v for k, v in state.items() if k.startswith('branch1.')}
    branch2 = {k[8:]: v for k, v in state.items() if k.startswith('branch2.')}
    assert branch1 and branch1.keys() == branch2.keys()
    assert not torch.equal(branch1['decode_head.conv_seg.weight'],
                           branch2['decode_head.conv_seg.weight'])
    assert all(k.split('.')[0] in ('branch1', 'branch2') for k in state)


def test_resume_continues(trained):
    work_dir, _ = trained
    cfg = tiny_semi_cfg(
        CPS_CUTMIX_CONFIG, work_dir, max_iters=6, source_ratio=(2, 4))
    cfg.resume = True
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 6
    assert [r['step'] for r in scalar_records(runner.log_dir)
            if 'loss' in r] == [5, 6]


def test_export_branch2_loads_in_mmseg(trained, tmp_path):
    work_dir, _ = trained
    export_and_load_tiny(CPS_CUTMIX_CONFIG, osp.join(work_dir, 'iter_4.pth'),
                         str(tmp_path), 'branch2',
                         export_args=('--submodel', 'branch2'))


def test_plain_cps_trains(tmp_path):
    """Plain CPS (CPS on labelled + unlabelled, no CutMix) through the
    Runner, validating the ensemble of both branches too."""
    cfg = tiny_semi_cfg(CPS_CONFIG, str(tmp_path), max_iters=2,
                        val_interval=2)
    cfg.val_cfg.predict_on = ['branch1', 'branch2', 'ensemble']
    runner = Runner.from_cfg(cfg)
    runner.train()
    val = [r for r in scalar_records(runner.log_dir) if 'branch1/mIoU' in r]
    assert len(val) == 1 and 'ensemble/mIoU' in val[0]
    assert runner.model.predict_on == 'branch1'  # restored after val
