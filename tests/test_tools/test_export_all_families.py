"""export_student.py works for every config family, not only CamVid: an
untrained model of each paper-scale config (VOC-aug and Cityscapes, every
method) is exported and loads into MMSeg's own init_model."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmseg.registry import MODELS

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

export_main = load_tool('model_converters/export_student.py').main

CONFIGS = [
    'mean_teacher/mean-teacher_deeplabv3plus_r50-d8_4xb4-40k_voc12aug-1-8-'
    '512x512.py',
    'mean_teacher/mean-teacher_deeplabv3plus_r50-d8_4xb2-80k_cityscapes-1-8-'
    '512x1024.py',
    'mean_teacher/mean-teacher-torchsemiseg_deeplabv3plus_r50-d16_4xb4-40k_'
    'voc12aug-1-8-512x512.py',
    'cps/cps_deeplabv3plus_r50-d16_4xb4-40k_voc12aug-1-8-512x512.py',
    'cps/cps_deeplabv3plus_r50-d16_8xb2-45k_cityscapes-1-8-800x800.py',
    'cps/cps-cutmix_deeplabv3plus_r50-d16_4xb6-40k_voc12aug-1-8-512x512.py',
    'cps/cps-cutmix_deeplabv3plus_r50-d16_8xb3-45k_cityscapes-1-8-'
    '800x800.py',
    's4gan/s4gan_deeplabv3plus_r101-d8_4xb2-40k_voc12aug-1-50-321x321.py',
    's4gan/s4gan_deeplabv3plus_r101-d8_4xb2-40k_cityscapes-1-8-256x512.py',
    'benchmark/s4gan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
    '192x192.py',
    # CycleGAN: the reference's generator as G_IS (this package's backbone
    # and head types), and an MMSeg DeepLabV3+ in the benchmark
    'cyclegan/cyclegan_resnet9-generator_1xb5-400e_voc12aug-1-10-200x200.py',
    'cyclegan/cyclegan_resnet9-generator_1xb5-400e_cityscapes-1-10-'
    '128x256.py',
    'benchmark/cyclegan_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
    '176x224.py',
    'benchmark/cyclegan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-'
    '192x192.py',
    # the quality benchmark's ImageNet EfficientNet-Lite0 configs, both
    # settings, and the VOC-subset demo candidate
    'benchmark/mean-teacher_deeplabv3plus_efficientnet-lite0_3k_voc-subset-'
    '92-192x192.py',
    'benchmark/cps-cutmix_deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-'
    '176x224.py',
    'mean_teacher/mean-teacher_deeplabv3plus_efficientnet-lite0_voc-subset-'
    'demo-92-128x128.py',
    # the demo's Mean Teacher (tools/run_demo.py)
    'mean_teacher/mean-teacher_deeplabv3plus_efficientnet-lite0_voc-subset-'
    'demo-92-192x192.py',
]


@pytest.mark.parametrize('name', CONFIGS)
def test_untrained_paper_config_exports_and_loads(tmp_path, name):
    from mmseg.apis import init_model

    config = osp.join(REPO_ROOT, 'configs', name)
    cfg = Config.fromfile(config)
    model = MODELS.build(cfg.model)  # no init_weights: nothing downloaded
    checkpoint = str(tmp_path / 'untrained.pth')
    torch.save(dict(state_dict=model.state_dict(), meta=dict()), checkpoint)

    out_dir = str(tmp_path / 'export')
    assert export_main([config, checkpoint, out_dir]) == 0
    # s4GAN has one segmentor and no predict_on: the tool's default
    submodel = cfg.model.get('semi_test_cfg', {}).get('predict_on',
                                                      'segmentor')
    stem = osp.join(out_dir, f'{osp.splitext(osp.basename(name))[0]}_'
                    f'{submodel}')
    plain_cfg = Config.fromfile(stem + '.py')
    assert plain_cfg.model.type == 'EncoderDecoder'
    assert plain_cfg.model.data_preprocessor.type == 'SegDataPreProcessor'
    assert 'train_dataloader' not in plain_cfg

    plain = init_model(plain_cfg, stem + '.pth', device='cpu')
    expected = model.get_module(submodel).state_dict()
    loaded = plain.state_dict()
    assert expected.keys() == loaded.keys()
    for key in expected:  # every weight and buffer, any backbone
        assert torch.equal(loaded[key], expected[key]), key


MLMT_CONFIGS = sorted(
    osp.relpath(p, osp.join(REPO_ROOT, 'configs'))
    for p in glob.glob(osp.join(REPO_ROOT, 'configs', 'mlmt', '*.py')))


@pytest.mark.parametrize('name', MLMT_CONFIGS)
def test_classifier_configs_point_to_the_score_export(tmp_path, name):
    """An MLMT config trains a classifier: the segmentor export refuses it
    and names the tool that exports what it produces."""
    with pytest.raises(ValueError, match='export_class_scores.py'):
        export_main([osp.join(REPO_ROOT, 'configs', name),
                     str(tmp_path / 'missing.pth'), str(tmp_path)])
    assert not any(tmp_path.iterdir())  # nothing written
