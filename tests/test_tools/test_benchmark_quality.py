"""benchmark_quality.py: statistics by hand, resumability, outputs."""
import importlib.util
import json
import os
import os.path as osp
import statistics
import subprocess
from types import SimpleNamespace

import pytest

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture
def tool():
    path = osp.join(REPO_ROOT, 'tools', 'analysis_tools',
                    'benchmark_quality.py')
    spec = importlib.util.spec_from_file_location('benchmark_quality', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MATRIX = {
    'toy': [('sup', 'a.py', 'mIoU'), ('full', 'b.py', 'mIoU'),
            ('semi', 'c.py', 'teacher/mIoU')]
}


def _results(values):
    return [dict(config=config, value=v) for config, vs in values.items()
            for v in vs]


def test_summary_by_hand(tool):
    rows = tool.summarise(
        MATRIX, _results({'a.py': [10, 12], 'b.py': [21, 23],
                          'c.py': [15, 17]}))
    semi = rows[2]
    assert semi['mean'] == 16
    assert semi['std'] == pytest.approx(statistics.stdev([15, 17]))
    assert semi['gain'] == pytest.approx(5.0)
    assert semi['gap_closed'] == pytest.approx(5 / 11)
    assert rows[0]['gain'] == 0 and rows[1]['gap_closed'] == 1
    table = tool.markdown(rows)
    assert '| toy | semi | 16.00 +- 1.41 | 2 | +5.00 | 45 % |' in table


def test_partial_matrix_is_summarised(tool):
    rows = tool.summarise(MATRIX, _results({'a.py': [10]}))
    assert [r['method'] for r in rows] == ['sup']
    assert rows[0]['std'] == 0.0 and 'gap_closed' not in rows[0]


def test_last_metric_of_the_newest_run(tool, tmp_path):
    for run, records in (('20260101_000000', [dict(step=4, mIoU=1.0)]),
                         ('20260102_000000', [dict(step=2, mIoU=2.0),
                                              dict(step=2, loss=0.3),
                                              dict(step=4, mIoU=3.0)])):
        os.makedirs(tmp_path / run / 'vis_data')
        with open(tmp_path / run / 'vis_data' / 'scalars.json', 'w') as f:
            f.writelines(json.dumps(r) + '\n' for r in records)
    assert tool.last_metric(str(tmp_path), 'mIoU') == dict(step=4, mIoU=3.0)
    assert tool.last_metric(str(tmp_path), 'teacher/mIoU') is None


def test_finished_runs_are_skipped(tool, tmp_path, monkeypatch):
    result = dict(config='a.py', seed=0, metric='mIoU', value=42.0)
    (tmp_path / 'result.json').write_text(json.dumps(result))

    def no_training(*args, **kwargs):
        raise AssertionError('a finished run was trained again')

    monkeypatch.setattr(subprocess, 'run', no_training)
    assert tool.run_one('a.py', 'mIoU', 0, str(tmp_path), None) == result


def test_methods_select_runs_and_report_keeps_earlier_results(
        tool, tmp_path, monkeypatch):
    """``--methods sup`` trains only the matching method; the report also
    covers runs of other methods that finished earlier."""
    monkeypatch.setattr(tool, 'MATRIX', MATRIX)
    monkeypatch.setattr(tool, 'bar_chart', lambda rows, path: None)
    earlier = tmp_path / 'c' / 'seed0'
    earlier.mkdir(parents=True)
    (earlier / 'result.json').write_text(json.dumps(
        dict(config='c.py', seed=0, metric='teacher/mIoU', value=15.0)))
    trained = []

    def fake_run(config, metric, seed, work_dir, iters):
        trained.append((config, seed))
        return dict(config=config, seed=seed, metric=metric,
                    value={'a.py': 10.0, 'b.py': 20.0}[config])

    monkeypatch.setattr(tool, 'run_one', fake_run)
    assert tool.main(['--methods', 'sup', '--seeds', '0', '--work-dir',
                      str(tmp_path), '--shared', str(tmp_path)]) == 0
    assert trained == [('a.py', 0)]
    summary = json.loads((tmp_path / 'benchmark.json').read_text())['summary']
    assert [(r['method'], r['mean']) for r in summary] == [('sup', 10.0),
                                                            ('semi', 15.0)]
    assert tool.selected('CPS + CutMix', ['cutmix'])
    assert not tool.selected('CPS', ['cutmix'])
    with pytest.raises(RuntimeError, match='matches no method'):
        tool.main(['--methods', 'nothing', '--work-dir', str(tmp_path),
                   '--shared', str(tmp_path)])


def test_failed_run_names_its_log_and_writes_no_result(tool, tmp_path,
                                                       monkeypatch):
    calls = []

    def failing(cmd, **kwargs):
        calls.append(cmd)
        return SimpleNamespace(returncode=1)

    monkeypatch.setattr(subprocess, 'run', failing)
    with pytest.raises(RuntimeError, match='benchmark_stdout.log'):
        tool.run_one('a.py', 'mIoU', 3, str(tmp_path), 20)
    assert not (tmp_path / 'result.json').exists()
    cmd = calls[0]
    assert '--resume' in cmd  # an interrupted run continues
    assert 'randomness.seed=3' in cmd and 'train_cfg.max_iters=20' in cmd


def test_link_data_only_adds_missing_links(tool, tmp_path, monkeypatch):
    monkeypatch.setattr(tool, 'REPO', str(tmp_path / 'repo'))
    shared = tmp_path / 'shared'
    (shared / 'voc_subset' / 'JPEGImages').mkdir(parents=True)
    (shared / 'voc_subset' / 'train.txt').write_text('a\n')
    existing = tmp_path / 'repo' / 'data' / 'voc_subset' / 'train.txt'
    existing.parent.mkdir(parents=True)
    existing.write_text('mine\n')
    tool.link_data(str(shared))
    link = tmp_path / 'repo' / 'data' / 'voc_subset' / 'JPEGImages'
    assert link.is_symlink()
    assert existing.read_text() == 'mine\n'  # nothing overwritten


def test_bar_chart_is_written(tool, tmp_path):
    rows = tool.summarise(
        MATRIX, _results({'a.py': [10, 12], 'b.py': [21, 23],
                          'c.py': [15, 17]}))
    tool.bar_chart(rows, str(tmp_path / 'chart.png'))
    assert (tmp_path / 'chart.png').stat().st_size > 1000
