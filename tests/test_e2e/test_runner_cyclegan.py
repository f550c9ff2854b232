"""CycleGAN end to end through MMEngine's Runner on the bundled demo data:
four optimizers and schedulers, the history pools in the checkpoint, a
resumed run, export of the segmentor, the benchmark config."""
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

CYCLEGAN_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'cyclegan',
    'cyclegan_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py')
SUBMODELS = {'segmentor', 'generator', 'image_discriminator',
             'mask_discriminator'}


def _cfg(work_dir, **kwargs):
    cfg = tiny_semi_cfg(CYCLEGAN_CONFIG, work_dir, source_ratio=(2, 2),
                        **kwargs)
    cfg.model.semi_train_cfg.pool_size = 3
    return cfg


@pytest.fixture(scope='module')
def trained(tmp_path_factory):
    """4 iterations of 2 labelled + 2 unlabelled frames."""
    work_dir = str(tmp_path_factory.mktemp('cyclegan_run'))
    runner = Runner.from_cfg(_cfg(work_dir))
    runner.train()
    return work_dir, runner


def test_trains_with_four_optimizers_and_schedulers(trained):
    _, runner = trained
    assert isinstance(runner.optim_wrapper, OptimWrapperDict)
    assert set(runner.optim_wrapper.keys()) == SUBMODELS
    assert set(runner.param_schedulers) == SUBMODELS
    train = [r for r in scalar_records(runner.log_dir) if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2, 3, 4]
    assert {'sup_decode.loss_ce', 'sup_loss_image', 'cycle_decode.loss_ce',
            'unsup_loss_image_cycle', 'unsup_loss_adv_mask',
            'sup_loss_adv_image', 'disc_loss_image', 'disc_loss_mask',
            'loss_discriminator_side', 'generator.lr',
            'mask_discriminator.lr'} <= set(train[-1])
    # ConstantThenLinearLR over the 4 iterations: 2e-4 for the first
    # quarter (and at the start of the decay), then linear to 0 at the
    # last; the segmentor keeps its baseline's polynomial decay
    assert [r['generator.lr'] for r in train] == pytest.approx(
        [2e-4, 2e-4, 1e-4, 0.0], abs=1e-12)
    assert train[-1]['segmentor.lr'] < train[0]['segmentor.lr']
    model = runner.model
    assert (int(model.generator_updates),
            int(model.discriminator_updates)) == (4, 4)
    assert len(model.image_pool.batches) == len(model.mask_pool.batches) == 3
    assert model.mask_pool.batches[0].dtype == torch.float16


def test_checkpoint_holds_optimizers_counters_and_pools(trained):
    work_dir, runner = trained
    ckpt = torch.load(osp.join(work_dir, 'iter_4.pth'), map_location='cpu',
                      weights_only=False)
    assert set(ckpt['optimizer']) == SUBMODELS
    assert set(ckpt['param_schedulers']) == SUBMODELS
    adam = ckpt['optimizer']['generator']['state']
    assert adam and all(int(s['step']) == 4 for s in adam.values())
    state = ckpt['state_dict']
    assert state['generator_updates'].item() == 4
    assert state['mask_pool.num_stored'].item() == 3
    assert torch.equal(state['mask_pool.stored'],
                       runner.model.mask_pool.stored)


def test_resume_continues_every_optimizer_and_the_pools(trained):
    work_dir, _ = trained
    cfg = _cfg(work_dir, max_iters=6)
    cfg.resume = True
    runner = Runner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 6
    assert int(runner.model.discriminator_updates) == 6
    for name in SUBMODELS - {'segmentor'}:  # every Adam made 6 steps
        optimizer = runner.optim_wrapper[name].optimizer
        steps = {int(state['step']) for state in optimizer.state.values()}
        assert steps == {6}, name
    # the segmentor keeps its supervised baseline's SGD
    sgd = runner.optim_wrapper['segmentor'].optimizer
    assert type(sgd).__name__ == 'SGD' and sgd.state
    # loading the checkpoint restores the pools' content
    ckpt = torch.load(osp.join(work_dir, 'iter_4.pth'), map_location='cpu',
                      weights_only=False)
    restored = Runner.from_cfg(_cfg(work_dir, max_iters=6))
    restored.load_checkpoint(osp.join(work_dir, 'iter_4.pth'))
    assert torch.equal(ckpt['state_dict']['image_pool.stored'],
                       restored.model.image_pool.stored)
    assert len(restored.model.image_pool.batches) == 3


def test_export_segmentor_loads_in_mmseg(trained, tmp_path):
    work_dir, _ = trained
    export_and_load_tiny(CYCLEGAN_CONFIG, osp.join(work_dir, 'iter_4.pth'),
                         str(tmp_path), 'segmentor')


BENCHMARK_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'benchmark',
    'cyclegan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py')


@pytest.mark.skipif(
    not osp.isfile(osp.join(VOC_DEMO_ROOT, 'splits', '92', 'labeled.txt')),
    reason='bundled VOC-subset demo data missing')
def test_benchmark_config_trains_on_the_voc_subset_demo_copy(tmp_path):
    """The benchmark's CycleGAN config as it is (ImageNet EfficientNet-Lite0,
    the CPU-sized G_SI), shortened to 2 iterations of 2 + 2 images on the
    bundled demo copy, validated with the benchmark's metrics."""
    runner = Runner.from_cfg(
        voc_demo_benchmark_cfg(BENCHMARK_CONFIG, str(tmp_path), (2, 2)))
    runner.train()
    records = scalar_records(runner.log_dir)
    train = [r for r in records if 'loss' in r]
    assert [r['step'] for r in train] == [1, 2]
    assert {'unsup_loss_image_cycle', 'disc_loss_mask'} <= set(train[-1])
    val = [r for r in records if 'mIoU' in r]
    assert len(val) == 1 and 'mIoU_frequent' in val[0]


SUPERVISED_PAPER_CONFIG = osp.join(
    REPO_ROOT, 'configs', 'supervised',
    'resnet9-generator_1xb5-400e_voc12aug-1-10-200x200.py')


@pytest.mark.skipif(
    not osp.isfile(osp.join(VOC_DEMO_ROOT, 'splits', '92', 'labeled.txt')),
    reason='bundled VOC-subset demo data missing')
def test_paper_supervised_baseline_trains_g_is_alone(tmp_path):
    """The reference's supervised_model config (G_IS alone, Adam (0.9,
    0.999) at a constant lr, one labelled source) trains through the
    Runner: pointed at the bundled VOC demo copy, a narrow 1-block G_IS,
    2 iterations of 5 images."""
    from mmengine.config import Config
    cfg = Config.fromfile(SUPERVISED_PAPER_CONFIG)
    cfg.work_dir = str(tmp_path)
    cfg.model.backbone.update(base_channels=4, num_blocks=1)
    cfg.model.decode_head.update(in_channels=4, channels=4)
    cfg.train_dataloader.update(num_workers=0, persistent_workers=False)
    cfg.train_dataloader.dataset.split = '92'
    [labeled] = cfg.train_dataloader.dataset.datasets
    labeled.update(
        data_root=VOC_DEMO_ROOT,
        data_prefix=dict(img_path='JPEGImages',
                         seg_map_path='SegmentationClass'))
    cfg.train_cfg.update(max_iters=2, val_interval=10)
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.default_hooks.logger.interval = 1
    cfg.log_level = 'WARNING'
    cfg.visualizer.name = f'visualizer_{osp.basename(str(tmp_path))}'
    runner = Runner.from_cfg(cfg)
    before = {k: v.clone() for k, v in runner.model.state_dict().items()}
    runner.train()
    assert runner.iter == 2
    adam = runner.optim_wrapper.optimizer
    assert type(adam).__name__ == 'Adam'
    assert adam.param_groups[0]['lr'] == 2e-4  # no schedule
    assert adam.param_groups[0]['betas'] == (0.9, 0.999)
    changed = [k for k, v in runner.model.state_dict().items()
               if not torch.equal(v, before[k])]
    assert any(k.startswith('backbone.') for k in changed)
    records = scalar_records(runner.log_dir)
    assert [r['step'] for r in records if 'loss' in r] == [1, 2]
