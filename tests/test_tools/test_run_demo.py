"""tools/run_demo.py: the table by hand, and the demo's runs compare like
with like at any --iters."""
import argparse
import os.path as osp

import pytest
from mmengine.config import Config, DictAction

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture(scope='module')
def demo():
    return load_tool('run_demo.py')


def test_rows_and_table_by_hand(demo):
    runs = [dict(model='Sup', data='92', metric='mIoU'),
            dict(model='MT', data='92 + 1372', metric='teacher/mIoU')]
    histories = [
        [dict(step=500, mIoU=20.0), dict(step=1000, mIoU=24.5,
                                          mIoU_frequent=50.0, aAcc=80.0)],
        [dict(step=1000, **{'teacher/mIoU': 27.25,
                            'teacher/mIoU_frequent': 55.5,
                            'student/mIoU': 26.0})],
    ]
    rows = demo.make_rows(runs, histories, 1000)
    assert rows[1] == dict(model='MT', data='92 + 1372', iters=1000,
                           step=1000, mIoU=27.25, mIoU_frequent=55.5,
                           gain=2.75)
    assert rows[0]['gain'] == 0.0
    table = demo.markdown_table(rows, '245 val images')
    assert '| MT | 92 + 1372 | 1000 | 27.25 | 55.50 | +2.75 |' in table
    assert 'mIoU (245 val images) | mIoU_frequent |' in table


def test_a_run_without_validation_is_named(demo):
    with pytest.raises(RuntimeError, match='x.py'):
        demo.make_rows([dict(model='a', data='b', metric='mIoU',
                             config='x.py')], [[]], 10)


def _merged(config, options):
    cfg = Config.fromfile(osp.join(REPO_ROOT, config))
    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='+', action=DictAction)
    cfg.merge_from_dict(parser.parse_args(['--o', *options]).o)
    return cfg


@pytest.mark.parametrize('iters', [None, 8])
def test_demo_runs_share_budget_and_have_valid_schedules(demo, iters):
    iters = iters or demo.DEMO['iters']
    seen = set()
    for run in demo.DEMO['runs']:
        cfg = _merged(run['config'], demo.train_options(
            run['config'], iters, 3))
        segmentor = cfg.model.get('segmentor', cfg.model)
        loader = cfg.train_dataloader
        seen.add((loader.sampler.source_ratio[0] * loader.batch_size //
                  sum(loader.sampler.source_ratio),
                  cfg.train_cfg.max_iters, segmentor.backbone.type,
                  str(segmentor.backbone.get('init_cfg')),
                  str(cfg.optim_wrapper), str(cfg.param_scheduler)))
        assert cfg.train_cfg.max_iters == iters
        assert cfg.train_cfg.val_interval == max(iters // 4, 1)
        assert cfg.randomness.seed == 3
        for scheduler in cfg.get('param_scheduler') or []:
            begin = scheduler.get('begin', 0)
            end = scheduler.get('end', iters)
            assert 0 <= begin < end <= iters, scheduler
        predict_on = cfg.model.get('semi_test_cfg', {}).get('predict_on')
        assert run['metric'] == (f'{predict_on}/mIoU' if predict_on
                                 else 'mIoU')
    assert len(seen) == 1, seen
