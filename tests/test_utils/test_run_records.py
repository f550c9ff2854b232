"""run_records: reading MMEngine's scalars.json over resumed runs, and
shortening a schedule."""
import json
import os

from mmseg_semi.utils.run_records import (last_record_with,
                                          shortened_schedule_options,
                                          val_history)


def _run(work_dir, name, records):
    os.makedirs(work_dir / name / 'vis_data')
    with open(work_dir / name / 'vis_data' / 'scalars.json', 'w') as f:
        f.writelines(json.dumps(r) + '\n' for r in records)


def test_history_continues_over_a_resumed_run(tmp_path):
    _run(tmp_path, '20260101_000000', [dict(step=250, mIoU=1.0),
                                       dict(step=300, loss=2.0),
                                       dict(step=500, mIoU=2.0)])
    # resumed from iter_500 after its validation was lost: 500 again
    _run(tmp_path, '20260102_000000', [dict(step=500, mIoU=2.5),
                                       dict(step=750, mIoU=3.0),
                                       dict(step=1000, mIoU=4.0)])
    (tmp_path / 'not_a_run').mkdir()
    assert [(r['step'], r['mIoU']) for r in val_history(str(tmp_path),
                                                        'mIoU')] == [
        (250, 1.0), (500, 2.5), (750, 3.0), (1000, 4.0)]
    assert last_record_with(str(tmp_path), 'mIoU')['step'] == 1000
    assert last_record_with(str(tmp_path), 'loss') == dict(step=300,
                                                           loss=2.0)
    assert last_record_with(str(tmp_path), 'teacher/mIoU') is None


def test_history_leaves_out_stand_alone_validations(tmp_path):
    """A checkpoint validated later by Runner.val() logs at step 0; it is
    no point of the training history (its newest record still is)."""
    _run(tmp_path, '20260101_000000', [dict(step=500, mIoU=2.0)])
    _run(tmp_path, '20260102_000000', [dict(step=0, mIoU=2.0)])
    assert [r['step'] for r in val_history(str(tmp_path), 'mIoU')] == [500]
    assert last_record_with(str(tmp_path), 'mIoU')['step'] == 0


def test_shortened_schedule_scales_warm_up_and_poly():
    schedulers = [dict(type='LinearLR', begin=0, end=100),
                  dict(type='PolyLR', begin=100)]
    options = shortened_schedule_options(3000, schedulers, 300, 75)
    assert options == [
        'train_cfg.max_iters=300', 'train_cfg.val_interval=75',
        'default_hooks.checkpoint.interval=75',
        'param_scheduler.0.end=10', 'param_scheduler.1.begin=10']
    assert shortened_schedule_options(1000, [], 20)[1] == \
        'train_cfg.val_interval=20'


def test_shortened_schedule_of_one_optimizer_per_sub_model():
    """Adversarial configs keep one scheduler list per optimizer; every
    list is scaled, under its optimizer's name."""
    schedulers = dict(
        segmentor=[dict(type='LinearLR', begin=0, end=100),
                   dict(type='PolyLR', begin=100)],
        discriminator=[dict(type='PolyLR', begin=0)])
    options = shortened_schedule_options(3000, schedulers, 300)
    assert options[3:] == ['param_scheduler.segmentor.0.end=10',
                           'param_scheduler.segmentor.1.begin=10']


def test_config_schedule_and_options_apply_to_an_s4gan_config():
    import argparse
    import os.path as osp

    from mmengine.config import Config, DictAction

    from mmseg_semi.utils.run_records import config_schedule
    config = osp.join(
        osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__)))),
        'configs', 'benchmark',
        's4gan_deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py')
    max_iters, schedulers = config_schedule(config)
    assert max_iters == 3000
    assert set(schedulers) == {'segmentor', 'discriminator'}
    options = shortened_schedule_options(max_iters, schedulers, 20)
    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='+', action=DictAction)
    cfg = Config.fromfile(config)
    cfg.merge_from_dict(parser.parse_args(['--o', *options]).o)
    for name in ('segmentor', 'discriminator'):
        warm_up, poly = cfg.param_scheduler[name]
        assert (warm_up.begin, warm_up.end, poly.begin) == (0, 1, 1)
