"""s4GAN end to end through MMEngine's Runner on the bundled demo data:
two optimizers and two schedulers, checkpointed and resumed, export of the
segmentor."""
import os.path as osp

import pytest
import torch
from mmengine.optim import OptimWrapperDict
from mmengine.runner import Runner

from .utils import (DEMO_ROOT, REPO_ROOT, VOC_DEMO_ROOT,
                    export_and_load_tiny, scalar_records, tiny_semi_cfg,
                    voc_demo_benchmark_cfg)

pytestmark = pytest.mark.skipif(
    not osp.isfile(osp.join(DEMO_ROOT, 'train.txt')),
    reason='bundled demo data missing')

S4GAN_CONFIG = osp.join(
    REPO_ROOT, 'configs', 's4gan',
    's4gan_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py')


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """4 iterations of 2 labelled + 2 unlabelled + 2 real images."""
    work_dir = str(tmp_path_factory.mktemp('s4gan_run'))
    runner = Runner.from_cfg(
        tiny_semi_cfg(S4GAN_CONFIG, work_dir, source_ratio=(2, 2, 2)))
    runner.train()
    return work_dir, runner


def test_trains_with_two_optimizers_and_schedulers(trained):
    work_dir, runner = trained
    assert isinstance(runner.optim_wrapper, OptimWrapperDict)
    assert list(runner.optim_wrapper.keys()) == ['segmentor',
                                                 'discriminator']
    assert set(runner.param_schedulers) == {'segmentor', 'discriminator'}
    records = scalar_records(runner.log_dir)
    train = [r for r in records if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2, 3, 4]
    assert {'sup_decode.loss_ce', 'unsup_loss_fm', 'unsup_loss_st',
            'disc_loss_fake', 'disc_loss_real', 'loss_discriminator_side',
            'st_image_ratio', 'segmentor.lr',
            'discriminator.lr'} <= set(train[-1])
    # poly decay on both optimizers
    assert train[-1]['discriminator.lr'] < train[0]['discriminator.lr']
    assert train[-1]['segmentor.lr'] < train[0]['segmentor.lr']
    assert [r['step'] for r in records if 'mIoU' in r] == [2, 4]
    model = runner.model
    assert (int(model.generator_updates),
            int(model.discriminator_updates)) == (4, 4)


def test_checkpoint_holds_both_optimizers_and_the_counters(trained):
    work_dir, _ = trained
    ckpt = torch.load(osp.join(work_dir, 'iter_4.pth'), map_location='cpu',
                      weights_only=False)
    assert set(ckpt['optimizer']) == {'segmentor', 'discriminator'}
    adam = ckpt['optimizer']['discriminator']['state']
    assert adam and all(int(s['step']) == 4 for s in adam.values())
    assert set(ckpt['param_schedulers']) == {'segmentor', 'discriminator'}
    state = ckpt['state_dict']
    assert state['discriminator_updates'].item() == 4
    assert any(k.startswith('discriminator.convs.') for k in state)


def test_resume_continues_both_optimizers(trained):
    work_dir, _ = trained
    cfg = tiny_semi_cfg(S4GAN_CONFIG, work_dir, max_iters=6,
                        source_ratio=(2, 2, 2))
    cfg.resume = True
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 6
    assert int(runner.model.discriminator_updates) == 6
    adam = runner.optim_wrapper['discriminator'].optimizer
    assert all(int(adam.state[p]['step']) == 6
               for p in runner.model.discriminator.parameters())


def test_export_segmentor_loads_in_mmseg(trained, tmp_path):
    work_dir, _ = trained
    export_and_load_tiny(S4GAN_CONFIG, osp.join(work_dir, 'iter_4.pth'),
                         str(tmp_path), 'segmentor')


BENCHMARK_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'benchmark',
    's4gan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py')


@pytest.mark.skipif(
    not osp.isfile(osp.join(VOC_DEMO_ROOT, 'splits', '92', 'labeled.txt')),
    reason='bundled VOC-subset demo data missing')
def test_benchmark_config_trains_on_the_voc_subset_demo_copy(tmp_path):
    """The benchmark's s4GAN config as it is (ImageNet EfficientNet-Lite0,
    three streams of the VOC subset), shortened to 2 iterations of 2 + 2 +
    2 images (BN of the ASPP image pool needs 2) on the bundled demo copy."""
    runner = Runner.from_cfg(
        voc_demo_benchmark_cfg(BENCHMARK_CONFIG, str(tmp_path), (2, 2, 2)))
    runner.train()
    records = scalar_records(runner.log_dir)
    train = [r for r in records if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2]
    assert {'unsup_loss_fm', 'disc_loss_real'} <= set(train[-1])
    val = [r for r in records if 'mIoU' in r]
    assert len(val) == 1 and 'mIoU_frequent' in val[0]
