"""benchmark_quality.py: statistics by hand, resumability, outputs."""
import json
import os
import os.path as osp
import statistics
import subprocess
from types import SimpleNamespace

import pytest

from tool_loading import load_tool

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


@pytest.fixture
def tool():
    return load_tool('analysis_tools/benchmark_quality.py')


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


def test_metrics_of_one_sub_model_and_extra_metric_tables(tool):
    record = {'step': 3000, 'teacher/mIoU': 30.0,
              'teacher/mIoU_frequent': 55.0, 'student/mIoU': 29.0,
              'teacher/data_time': 0.1}
    assert tool.metrics_of(record, 'teacher/mIoU') == {
        'mIoU': 30.0, 'mIoU_frequent': 55.0}
    assert tool.metrics_of({'step': 1, 'mIoU': 3.0, 'aAcc': 9.0},
                           'mIoU') == {'mIoU': 3.0, 'aAcc': 9.0}
    results = [
        dict(config='a.py', value=10, metrics=dict(mIoU_frequent=40)),
        dict(config='b.py', value=20, metrics=dict(mIoU_frequent=60)),
        dict(config='c.py', value=14, metrics=dict(mIoU_frequent=50)),
        dict(config='c.py', value=16),  # an older run without it
    ]
    rows = tool.summarise(MATRIX, results, 'mIoU_frequent')
    assert [(r['method'], r['mean']) for r in rows] == [
        ('sup', 40), ('full', 60), ('semi', 50)]
    assert rows[2]['gap_closed'] == pytest.approx(0.5)
    both = tool.summarise(MATRIX, results) + rows
    table = tool.markdown(both)
    assert 'val mIoU (mean' in table and 'val mIoU_frequent (mean' in table
    assert '| toy | semi | 15.00 +- 1.41 | 2 | +5.00 | 50 % |' in table


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
    """... and a result.json written before results had a val history
    gets it from the run's scalars."""
    result = dict(config='a.py', seed=0, metric='mIoU', value=42.0)
    (tmp_path / 'result.json').write_text(json.dumps(result))
    _write_scalars(tmp_path, [dict(step=1000, mIoU=40.0, time=1.0),
                              dict(step=2000, mIoU=42.0)])

    def no_training(*args, **kwargs):
        raise AssertionError('a finished run was trained again')

    monkeypatch.setattr(subprocess, 'run', no_training)
    assert tool.run_one('a.py', 'mIoU', 0, str(tmp_path), None) == dict(
        result, val_history=[dict(step=1000, mIoU=40.0),
                             dict(step=2000, mIoU=42.0)])


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
    records = tmp_path / 'records'
    assert tool.main(['--methods', 'sup', '--seeds', '0', '--work-dir',
                      str(tmp_path), '--shared', str(tmp_path),
                      '--records', str(records)]) == 0
    assert trained == [('a.py', 0)]
    # the run trained now and the earlier one found in the work dir
    assert sorted(p.relative_to(records).as_posix()
                  for p in records.rglob('*.json')) == ['a/seed0.json',
                                                        'c/seed0.json']
    summary = json.loads((tmp_path / 'benchmark.json').read_text())['summary']
    assert [(r['method'], r['mean']) for r in summary] == [('sup', 10.0),
                                                            ('semi', 15.0)]
    assert tool.selected('CPS + CutMix', ['cutmix'])
    assert not tool.selected('CPS', ['cutmix'])
    # a full method name selects that method only; a word, all that hold it
    names = ['CPS', 'CPS + CutMix', 'supervised (46)', 'supervised (all)']
    assert [n for n in names if tool.selected(n, ['cps'], names)] == ['CPS']
    assert [n for n in names if tool.selected(n, ['CPS + CutMix'], names)
            ] == ['CPS + CutMix']
    assert [n for n in names if tool.selected(n, ['supervised'], names)
            ] == ['supervised (46)', 'supervised (all)']
    with pytest.raises(RuntimeError, match='matches no method'):
        tool.main(['--methods', 'nothing', '--work-dir', str(tmp_path),
                   '--shared', str(tmp_path), '--records', str(records)])


def test_failed_run_names_its_log_and_writes_no_result(tool, tmp_path,
                                                       monkeypatch):
    calls = []

    def failing(cmd, **kwargs):
        calls.append(cmd)
        return SimpleNamespace(returncode=1)

    monkeypatch.setattr(subprocess, 'run', failing)
    monkeypatch.setattr(tool, 'git_commit', lambda: None)
    monkeypatch.setattr(tool, 'config_schedule', lambda config: (3000, []))
    with pytest.raises(RuntimeError, match='benchmark_stdout.log'):
        tool.run_one('a.py', 'mIoU', 3, str(tmp_path), 20)
    assert not (tmp_path / 'result.json').exists()
    cmd = calls[0]
    assert '--resume' in cmd  # an interrupted run continues
    assert 'randomness.seed=3' in cmd and 'train_cfg.max_iters=20' in cmd


def _write_scalars(work_dir, records, run='20260101_000000'):
    os.makedirs(work_dir / run / 'vis_data')
    with open(work_dir / run / 'vis_data' / 'scalars.json', 'w') as f:
        f.writelines(json.dumps(r) + '\n' for r in records)


def test_a_run_without_its_final_validation_validates_the_checkpoint(
        tool, tmp_path, monkeypatch):
    """Interrupted during the last validation, a resumed run has nothing
    to train; the earlier validation (step 2000) must not be reported."""
    _write_scalars(tmp_path, [dict(step=2000, mIoU=20.0)])
    (tmp_path / 'iter_3000.pth').write_bytes(b'')
    monkeypatch.setattr(tool, 'config_schedule', lambda config: (3000, []))
    monkeypatch.setattr(subprocess, 'run',
                        lambda cmd, **kw: SimpleNamespace(returncode=0))
    validated = []

    def fake_validate(config, options, work_dir, step, metric):
        validated.append(step)
        return {'step': step, metric: 31.0}

    monkeypatch.setattr(tool, 'validate_checkpoint', fake_validate)
    monkeypatch.setattr(tool, 'git_commit', lambda: None)
    result = tool.run_one('a.py', 'mIoU', 0, str(tmp_path), None)
    assert validated == [3000]
    assert (result['step'], result['value']) == (3000, 31.0)
    # the re-validation is logged at step 0, outside the history: its
    # record is the last point of the curve
    assert result['val_history'] == [dict(step=2000, mIoU=20.0),
                                     dict(step=3000, mIoU=31.0)]


def test_a_finished_run_reports_its_final_validation(tool, tmp_path,
                                                     monkeypatch):
    _write_scalars(tmp_path, [dict(step=2000, mIoU=20.0),
                              dict(step=3000, mIoU=25.0)])
    monkeypatch.setattr(tool, 'config_schedule', lambda config: (3000, []))
    monkeypatch.setattr(subprocess, 'run',
                        lambda cmd, **kw: SimpleNamespace(returncode=0))
    monkeypatch.setattr(tool, 'validate_checkpoint', None)  # not called
    monkeypatch.setattr(tool, 'git_commit', lambda: 'abc123')
    result = tool.run_one('a.py', 'mIoU', 0, str(tmp_path), None)
    assert (result['step'], result['value']) == (3000, 25.0)
    assert result['commit'] == 'abc123'
    assert result['val_history'] == [dict(step=2000, mIoU=20.0),
                                     dict(step=3000, mIoU=25.0)]
    assert json.loads((tmp_path / 'result.json').read_text()) == result


def test_the_record_names_the_commit_the_run_started_with(tool, tmp_path,
                                                         monkeypatch):
    """A run interrupted on one commit and finished on another records the
    first as ``commit`` and both as ``sitting_commits``."""
    monkeypatch.setattr(tool, 'config_schedule', lambda config: (3000, []))
    heads = iter(['first', 'second+dirty'])
    monkeypatch.setattr(tool, 'git_commit', lambda: next(heads))
    monkeypatch.setattr(tool, 'validate_checkpoint', None)  # not called

    def interrupted(cmd, **kw):
        return SimpleNamespace(returncode=1)

    monkeypatch.setattr(subprocess, 'run', interrupted)
    with pytest.raises(RuntimeError, match='failed with exit code 1'):
        tool.run_one('a.py', 'mIoU', 0, str(tmp_path), None)
    _write_scalars(tmp_path, [dict(step=3000, mIoU=25.0)])
    monkeypatch.setattr(subprocess, 'run',
                        lambda cmd, **kw: SimpleNamespace(returncode=0))
    result = tool.run_one('a.py', 'mIoU', 0, str(tmp_path), None)
    assert result['commit'] == 'first'
    assert result['sitting_commits'] == ['first', 'second+dirty']


def test_git_commit_marks_a_tree_that_differs_from_head(tool, monkeypatch):
    outputs = {'rev-parse': 'abc\n', 'status': ' M tools/x.py\n'}

    def fake_git(cmd, **kw):
        return SimpleNamespace(returncode=0, stdout=outputs[cmd[1]])

    monkeypatch.setattr(subprocess, 'run', fake_git)
    assert tool.git_commit() == 'abc+dirty'
    outputs['status'] = ''
    assert tool.git_commit() == 'abc'


def test_the_run_record_keeps_every_validation_without_timings(tool,
                                                               tmp_path):
    """A resumed run's two scalar files make one history; timing keys and
    training records are dropped, a step validated twice keeps the newest
    validation."""
    _write_scalars(tmp_path, [
        dict(step=50, loss=1.0, time=2.0),
        {'step': 1000, 'teacher/mIoU': 20.0, 'student/mIoU': 19.0,
         'data_time': 0.1, 'time': 0.5}])
    _write_scalars(tmp_path, [
        {'step': 1000, 'teacher/mIoU': 21.0, 'student/mIoU': 19.5},
        {'step': 2000, 'teacher/mIoU': 25.0, 'student/mIoU': 24.0,
         'teacher/mIoU_frequent': 40.0}], run='20260102_000000')
    assert tool.validation_history(str(tmp_path), 'teacher/mIoU') == [
        {'step': 1000, 'teacher/mIoU': 21.0, 'student/mIoU': 19.5},
        {'step': 2000, 'teacher/mIoU': 25.0, 'student/mIoU': 24.0,
         'teacher/mIoU_frequent': 40.0}]


def test_a_recorded_run_is_not_trained_again_and_a_new_one_is_recorded(
        tool, tmp_path, monkeypatch):
    """The record (tracked in git) outlives the work dir: a run recorded on
    another machine is read back, not trained; a run trained here is
    recorded exactly as its result.json."""
    records = tmp_path / 'records'
    recorded = dict(config='configs/x/a.py', seed=0, metric='mIoU',
                    value=42.0, val_history=[dict(step=3000, mIoU=42.0)])
    tool.write_json(recorded, str(records / 'a' / 'seed0.json'))

    def no_training(*args, **kwargs):
        raise AssertionError('a recorded run was trained again')

    monkeypatch.setattr(tool, 'run_one', no_training)
    assert tool.finished_or_run('configs/x/a.py', 'mIoU', 0,
                                str(tmp_path / 'work' / 'a' / 'seed0'),
                                None, str(records)) == recorded
    trained = dict(config='configs/x/a.py', seed=1, metric='mIoU',
                   value=40.0, val_history=[dict(step=3000, mIoU=40.0)])
    monkeypatch.setattr(tool, 'run_one', lambda *args: trained)
    assert tool.finished_or_run('configs/x/a.py', 'mIoU', 1, 'unused',
                                None, str(records)) == trained
    assert json.loads((records / 'a' / 'seed1.json').read_text()) == trained
    assert not list(records.rglob('*.tmp'))


def test_shortened_runs_write_no_record(tool, tmp_path, monkeypatch):
    """--quick and --iters train 20 iterations: such a run must never be
    recorded as (nor stand in for) a full one."""
    monkeypatch.setattr(tool, 'MATRIX', MATRIX)
    monkeypatch.setattr(tool, 'bar_chart', lambda rows, path: None)
    monkeypatch.setattr(tool, 'curves_chart', lambda curves, path: None)
    trained = []

    def fake_run(config, metric, seed, work_dir, iters):
        trained.append((config, iters))
        result = dict(config=config, seed=seed, metric=metric, value=1.0,
                      val_history=[])
        tool.write_json(result, osp.join(work_dir, 'result.json'))
        return result

    monkeypatch.setattr(tool, 'run_one', fake_run)
    records = tmp_path / 'records'
    # a shortened run of another method, finished earlier: reported by
    # the run below, never recorded
    tool.write_json(dict(config='c.py', seed=0, metric='teacher/mIoU',
                         value=2.0, val_history=[]),
                    str(tmp_path / 'c' / 'iters20' / 'seed0' /
                        'result.json'))
    for extra in (['--iters', '20', '--seeds', '0'], ['--quick']):
        assert tool.main([*extra, '--methods', 'sup', '--work-dir',
                          str(tmp_path), '--shared', str(tmp_path),
                          '--records', str(records)]) == 0
    assert trained == [('a.py', 20)] * 2
    assert not records.exists()
    summary = json.loads((tmp_path / 'benchmark.json').read_text())
    assert [(r['method'], r['mean']) for r in summary['summary']] == [
        ('sup', 1.0), ('semi', 2.0)]
    with pytest.raises(SystemExit):
        tool.parse_args(['--iters', '0'])


def test_a_work_dir_result_without_record_is_recorded(tool, tmp_path,
                                                      monkeypatch):
    """A full run that finished before records existed (or whose record
    was lost) is recorded when the report finds it."""
    monkeypatch.setattr(tool, 'MATRIX', MATRIX)
    run = tmp_path / 'work' / 'b' / 'seed1'
    # written by a version without val_history: the record gets the curve
    # from the run's scalars, or it would be lost with the work dir
    result = dict(config='b.py', seed=1, metric='mIoU', value=20.0)
    tool.write_json(result, str(run / 'result.json'))
    _write_scalars(run, [dict(step=1000, mIoU=15.0, time=1.0),
                         dict(step=2000, mIoU=20.0)])
    records = tmp_path / 'records'
    recorded = dict(result, val_history=[dict(step=1000, mIoU=15.0),
                                         dict(step=2000, mIoU=20.0)])
    assert tool.finished_runs(MATRIX, [0, 1], str(tmp_path / 'work'), [],
                              None, str(records)) == [recorded]
    assert json.loads((records / 'b' / 'seed1.json').read_text()) == \
        recorded
    # a shortened run is read from its own folder, not the full run's
    shortened = dict(result, value=3.0, val_history=[])
    tool.write_json(shortened, str(tmp_path / 'work' / 'b' / 'iters20' /
                                   'seed1' / 'result.json'))
    assert tool.finished_runs(MATRIX, [1], str(tmp_path / 'work'), [], 20,
                              None) == [shortened]


@pytest.mark.parametrize('record,match', [
    (dict(config='a.py', seed=0, metric='mIoU'), r"lacks \['value'\]"),
    (dict(config='z.py', seed=0, metric='mIoU', value=1.0),
     "'config': 'z'.*not this run"),
    (dict(config='a.py', seed=2, metric='mIoU', value=1.0), "'seed': 2"),
    (dict(config='a.py', seed=0, metric='teacher/mIoU', value=1.0),
     'teacher/mIoU'),
])
def test_an_inconsistent_record_names_its_file(tool, tmp_path, monkeypatch,
                                               record, match):
    """A record missing a key, or standing for another run than its place
    in the folder, would put a wrong number into the tables."""
    tool.write_json(record, str(tmp_path / 'a' / 'seed0.json'))

    def no_training(*args, **kwargs):
        raise AssertionError('a recorded run was trained again')

    monkeypatch.setattr(tool, 'run_one', no_training)
    with pytest.raises(RuntimeError, match=r'a/seed0\.json.*' + match):
        tool.finished_or_run('configs/x/a.py', 'mIoU', 0, 'unused', None,
                             str(tmp_path))


def test_a_damaged_record_names_its_file(tool, tmp_path):
    (tmp_path / 'a').mkdir()
    (tmp_path / 'a' / 'seed0.json').write_text('{"value": 4')
    with pytest.raises(RuntimeError, match=r'a/seed0\.json.*restore'):
        tool.finished_or_run('a.py', 'mIoU', 0, 'unused', None,
                             str(tmp_path))


def test_report_on_a_new_machine_is_rebuilt_from_the_records(
        tool, tmp_path, monkeypatch):
    """No work dir at all: the table and the curves come from the records
    (their val_history), and nothing is trained."""
    monkeypatch.setattr(tool, 'MATRIX', MATRIX)
    records = tmp_path / 'records'
    for config, seed, value in (('a.py', 0, 9.0), ('a.py', 1, 11.0),
                                ('b.py', 0, 20.0), ('b.py', 1, 20.0),
                                ('c.py', 0, 14.0), ('c.py', 1, 18.0)):
        metric = 'teacher/mIoU' if config == 'c.py' else 'mIoU'
        history = [{'step': 1000, metric: value - 2},
                   {'step': 2000, metric: value}]
        tool.write_json(dict(config=config, seed=seed, metric=metric,
                             value=value, val_history=history),
                        tool.record_path(str(records), config, seed))
    monkeypatch.setattr(tool, 'run_one', None)  # never called
    work = tmp_path / 'work'
    assert tool.main(['--seeds', '0', '1', '--work-dir', str(work),
                      '--records', str(records), '--shared',
                      str(tmp_path)]) == 0
    report = json.loads((work / 'benchmark.json').read_text())
    assert [(r['method'], r['mean']) for r in report['summary']] == [
        ('sup', 10.0), ('full', 20.0), ('semi', 16.0)]
    semi = next(c for c in report['curves'] if c['method'] == 'semi')
    assert (semi['steps'], semi['mean'], semi['seeds']) == (
        [1000, 2000], [14.0, 16.0], [0, 1])
    assert (work / 'benchmark_curves.png').stat().st_size > 1000
    # --report-only trains nothing, not even the unrecorded seed 2
    assert tool.main(['--report-only', '--seeds', '0', '1', '2',
                      '--work-dir', str(work), '--records', str(records),
                      '--shared', str(tmp_path)]) == 0
    again = json.loads((work / 'benchmark.json').read_text())
    assert again['summary'] == report['summary']


def test_validating_without_a_checkpoint_names_the_fix(tool, tmp_path):
    with pytest.raises(RuntimeError, match='iter_3000.pth.*delete'):
        tool.validate_checkpoint('a.py', [], str(tmp_path), 3000, 'mIoU')


def test_shortened_runs_live_apart_from_full_runs(tool):
    assert tool.run_dir('W', 'configs/x/a.py', 1, None) == 'W/a/seed1'
    assert tool.run_dir('W', 'configs/x/a.py', 1, 20) == 'W/a/iters20/seed1'


@pytest.mark.parametrize('setting', ['voc-subset', 'camvid'])
def test_quick_runs_have_valid_schedules(tool, setting):
    """--quick (20 iterations) scales warm-up and poly so that every
    scheduler still begins before it ends, as MMEngine requires."""
    import mmseg_semi  # noqa: F401
    from mmengine.config import Config, DictAction
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument('--o', nargs='+', action=DictAction)
    for _, config, _ in tool.MATRIX[setting]:
        options, final = tool.training_options(config, 0, tool.QUICK_ITERS)
        assert final == tool.QUICK_ITERS
        cfg = Config.fromfile(osp.join(REPO_ROOT, config))
        cfg.merge_from_dict(parser.parse_args(['--o', *options]).o)
        assert cfg.train_cfg.max_iters == tool.QUICK_ITERS
        schedulers = cfg.param_scheduler
        if isinstance(schedulers, dict):  # one list per optimizer
            schedulers = [s for group in schedulers.values() for s in group]
        for scheduler in schedulers:
            begin = scheduler.get('begin', 0)
            end = scheduler.get('end', cfg.train_cfg.max_iters)
            assert 0 <= begin < end <= tool.QUICK_ITERS, scheduler


def ablated_weights(tool, name, reference, keys, tag):
    """The weights an ablation setting tries, after checking that each of
    its configs after the shared ``reference`` entry is the reference's
    built config with ``cfg[keys[0]][keys[1]]...`` changed and nothing
    else, evaluated on the reference's metric and named ``<tag>-<weight>_``
    (so a run's record names what it changed)."""
    from mmengine.config import Config

    def load(config):
        return Config.fromfile(osp.join(REPO_ROOT, config)).to_dict()

    def leaf(cfg):
        for key in keys[:-1]:
            cfg = cfg[key]
        return cfg

    ablation = tool.MATRIX[name]
    at = [entry[1] for entry in ablation].index(reference)
    method = load(reference)
    reference_weight = leaf(method)[keys[-1]]
    weights = []
    for _, config, metric in ablation[at + 1:]:
        assert metric == ablation[at][2], config
        cfg = load(config)
        weight = leaf(cfg)[keys[-1]]
        assert f'{tag}-{weight:g}_' in osp.basename(config)
        leaf(cfg)[keys[-1]] = reference_weight
        assert cfg == method, config
        weights.append(weight)
    return reference_weight, weights


def test_the_mean_teacher_ablation_runs_only_when_named(tool):
    """The default settings are the benchmark; the ablation setting shares
    the baselines' and Mean Teacher's configs (so their records) with the
    CamVid setting, and each of its configs is Mean Teacher's with another
    consistency weight and nothing else changed."""
    assert tool.parse_args([]).settings == ['camvid', 'voc-subset']
    assert tool.ABLATION_SETTINGS == ('camvid-cps-ablation',
                                      'camvid-mean-teacher-ablation')
    name = 'camvid-mean-teacher-ablation'
    assert tool.parse_args(['--settings', name]).settings == [name]
    ablation = tool.MATRIX[name]
    assert ablation[:3] == tool.MATRIX['camvid'][:3]
    assert ablation[2][2] == 'teacher/mIoU'
    assert ablated_weights(
        tool, name, ablation[2][1], ('model', 'semi_train_cfg',
                                     'unsup_weight'),
        'unsup-weight') == (100.0, [10.0, 0.0])


def test_the_cps_ablation_changes_lambda_and_nothing_else(tool):
    """camvid-cps-ablation shares the CamVid baselines' and CPS's configs
    (so their records) and adds CPS with lambda 0, named after its weight,
    evaluated on branch1 like CPS, with nothing else changed."""
    name = 'camvid-cps-ablation'
    assert name not in tool.parse_args([]).settings
    assert tool.parse_args(['--settings', name]).settings == [name]
    ablation = tool.MATRIX[name]
    camvid = dict((method, (config, metric))
                  for method, config, metric in tool.MATRIX['camvid'])
    assert ablation[:3] == [
        (method, *camvid[method]) for method in
        ('supervised (1/8: 46 labelled)', 'supervised (all 367 labelled)',
         'CPS')]
    assert ablation[2][2] == 'branch1/mIoU'
    assert ablated_weights(
        tool, name, ablation[2][1], ('model', 'cps_loss', 'loss_weight'),
        'cps-lambda') == (1.5, [0.0])


def test_a_config_shared_by_two_settings_runs_and_counts_once(
        tool, tmp_path, monkeypatch):
    """An ablation setting repeats its benchmark's baselines: each (config,
    seed) trains once and is one value in each setting's statistics."""
    matrix = dict(MATRIX, ablation=[('sup', 'a.py', 'mIoU'),
                                    ('full', 'b.py', 'mIoU'),
                                    ('semi x0', 'd.py', 'teacher/mIoU')])
    monkeypatch.setattr(tool, 'MATRIX', matrix)
    monkeypatch.setattr(tool, 'ABLATION_SETTINGS', ('ablation',))
    monkeypatch.setattr(tool, 'bar_chart', lambda rows, path: None)
    trained = []

    def fake_run(config, metric, seed, work_dir, iters):
        trained.append((config, seed))
        return dict(config=config, seed=seed, metric=metric,
                    value=dict(a=10.0, b=20.0, c=15.0, d=12.0)[config[0]]
                    + seed)

    monkeypatch.setattr(tool, 'run_one', fake_run)
    options = ['--work-dir', str(tmp_path), '--shared', str(tmp_path),
               '--records', str(tmp_path / 'records'), '--seeds', '0', '1']
    assert tool.parse_args(options).settings == ['toy']
    assert tool.main(['--settings', 'toy', 'ablation', *options]) == 0
    assert sorted(trained) == [(c, s) for c in ('a.py', 'b.py', 'c.py',
                                                'd.py') for s in (0, 1)]
    summary = json.loads((tmp_path / 'benchmark.json').read_text())['summary']
    assert [(r['setting'], r['method'], r['values']) for r in summary] == [
        ('toy', 'sup', [10.0, 11.0]), ('toy', 'full', [20.0, 21.0]),
        ('toy', 'semi', [15.0, 16.0]), ('ablation', 'sup', [10.0, 11.0]),
        ('ablation', 'full', [20.0, 21.0]),
        ('ablation', 'semi x0', [12.0, 13.0])]
    # rebuilt from the records alone, as the docs test does
    results = tool.finished_runs(matrix, [0, 1], '/nonexistent', [], None,
                                 str(tmp_path / 'records'))
    assert len(results) == 8


def test_the_progress_bar_counts_only_the_runs_that_train(
        tool, tmp_path, monkeypatch):
    """Recorded runs (and runs with a result.json) are loaded before the
    bar starts, so its count and ETA are those of the training left; the
    results keep the matrix's seed-major order."""
    monkeypatch.setattr(tool, 'MATRIX', MATRIX)
    monkeypatch.setattr(tool, 'bar_chart', lambda rows, path: None)
    monkeypatch.setattr(tool, 'curves_chart', lambda curves, path: None)
    records = tmp_path / 'records'
    tool.write_json(dict(config='a.py', seed=0, metric='mIoU', value=10.0),
                    str(records / 'a' / 'seed0.json'))
    tool.write_json(dict(config='c.py', seed=1, metric='teacher/mIoU',
                         value=16.0),
                    str(tmp_path / 'c' / 'seed1' / 'result.json'))
    bars = []

    class FakeTqdm(list):
        def __init__(self, iterable, **kwargs):
            super().__init__(iterable)
            bars.append(list(self))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def set_postfix_str(self, text):
            pass

    monkeypatch.setattr(tool, 'tqdm', FakeTqdm)
    trained = []

    def fake_run(config, metric, seed, work_dir, iters):
        result_file = osp.join(work_dir, 'result.json')
        if osp.isfile(result_file):  # as run_one: finished, only loaded
            with open(result_file) as f:
                return json.load(f)
        trained.append((config, seed))
        return dict(config=config, seed=seed, metric=metric, value=1.0)

    monkeypatch.setattr(tool, 'run_one', fake_run)
    assert tool.main(['--work-dir', str(tmp_path), '--shared', str(tmp_path),
                      '--records', str(records), '--seeds', '0', '1']) == 0
    expected = [('b.py', 0), ('c.py', 0), ('a.py', 1), ('b.py', 1)]
    assert [(config, seed) for config, _, seed in bars[0]] == expected
    assert trained == expected
    runs = json.loads((tmp_path / 'benchmark.json').read_text())['runs']
    assert [(r['config'], r['seed'], r['value']) for r in runs] == [
        ('a.py', 0, 10.0), ('b.py', 0, 1.0), ('c.py', 0, 1.0),
        ('a.py', 1, 1.0), ('b.py', 1, 1.0), ('c.py', 1, 16.0)]


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


@pytest.mark.skipif(
    not osp.isfile(osp.join(REPO_ROOT, 'data', 'camvid_demo', 'train.txt')),
    reason='bundled demo data missing')
def test_validating_a_checkpoint_reproduces_the_training_validation(
        tool, tmp_path):
    """The fallback for a run interrupted during its final validation
    gives exactly what that validation would have logged."""
    import sys
    sys.path.insert(0, osp.join(REPO_ROOT, 'tests'))
    from mmengine.runner import Runner
    from test_e2e.utils import tiny_mean_teacher_cfg
    work_dir = tmp_path / 'run'
    cfg = tiny_mean_teacher_cfg(str(work_dir), max_iters=2, val_interval=2)
    Runner.from_cfg(cfg).train()
    logged = tool.last_metric(str(work_dir), 'teacher/mIoU')
    config = tmp_path / 'tiny.py'
    cfg.dump(str(config))
    record = tool.validate_checkpoint(str(config), [], str(work_dir), 2,
                                      'teacher/mIoU')
    assert record['step'] == 2
    assert record['teacher/mIoU'] == logged['teacher/mIoU']
    assert record['student/mIoU'] == logged['student/mIoU']
    json.dumps(record)  # result.json can hold it


def test_val_curves_average_each_sub_model_over_finished_seeds(
        tool, tmp_path):
    """Mean Teacher's curves: the teacher (evaluated) and the student, each
    the mean over the finished seeds at every validated step; a seed
    without result.json is left out; a plain model has one curve, and a
    stand-alone validation of a checkpoint (logged at step 0) is no point
    of it."""
    matrix = {'s': [('sup', 'configs/benchmark/sup.py', 'mIoU'),
                    ('MT', 'configs/benchmark/mt.py', 'teacher/mIoU')]}
    runs = {
        ('sup.py', 0): [dict(step=10, mIoU=20.0), dict(step=20, mIoU=24.0),
                        dict(step=0, mIoU=24.0)],  # a checkpoint re-validated
        ('mt.py', 0): [
            {'step': 10, 'teacher/mIoU': 30.0, 'student/mIoU': 28.0},
            {'step': 20, 'teacher/mIoU': 34.0, 'student/mIoU': 35.0,
             'teacher/mIoU_frequent': 50.0, 'student/mIoU_frequent': 40.0}],
        ('mt.py', 1): [
            {'step': 10, 'teacher/mIoU': 32.0, 'student/mIoU': 26.0},
            {'step': 20, 'teacher/mIoU': 30.0, 'student/mIoU': 31.0}],
        ('mt.py', 2): [  # unfinished: no result.json
            {'step': 10, 'teacher/mIoU': 99.0, 'student/mIoU': 99.0}],
    }
    for (name, seed), records in runs.items():
        run_dir = tmp_path / osp.splitext(name)[0] / f'seed{seed}'
        _write_scalars(run_dir, [dict(loss=1.0, step=5), *records])
    results = [dict(config='configs/benchmark/sup.py', seed=0),
               dict(config='configs/benchmark/mt.py', seed=0),
               dict(config='configs/benchmark/mt.py', seed=1)]
    curves = tool.val_curves(matrix, results, str(tmp_path))
    by_key = {(c['method'], c['metric']): c for c in curves}
    assert set(by_key) == {('sup', 'mIoU'), ('MT', 'teacher/mIoU'),
                           ('MT', 'student/mIoU')}
    teacher = by_key[('MT', 'teacher/mIoU')]
    assert teacher['evaluated'] and teacher['seeds'] == [0, 1]
    assert teacher['steps'] == [10, 20]
    assert teacher['mean'] == [31.0, 32.0]
    student = by_key[('MT', 'student/mIoU')]
    assert not student['evaluated'] and student['mean'] == [27.0, 33.0]
    assert by_key[('sup', 'mIoU')]['mean'] == [20.0, 24.0]
    frequent = tool.val_curves(matrix, results, str(tmp_path),
                               key='mIoU_frequent')
    assert [(c['metric'], c['steps'], c['mean'], c['evaluated'])
            for c in frequent] == [
                ('teacher/mIoU_frequent', [20], [50.0], True),
                ('student/mIoU_frequent', [20], [40.0], False)]
    tool.curves_chart(curves, str(tmp_path / 'curves.png'))
    assert (tmp_path / 'curves.png').stat().st_size > 1000


def test_docs_and_readme_show_the_tables_of_the_recorded_runs(tool):
    """The tables in docs/benchmarks.md are what the tool builds from the
    records in docs/benchmark_runs (so a number there has a run behind it,
    and a new record is not forgotten in the docs); the README's table
    carries the same means."""
    results = tool.finished_runs(tool.MATRIX, list(range(10)), '/nonexistent',
                                 [], None, tool.RECORDS)
    assert results, 'docs/benchmark_runs holds no record'
    with open(osp.join(REPO_ROOT, 'docs', 'benchmarks.md')) as f:
        docs = f.read()
    with open(osp.join(REPO_ROOT, 'README.md')) as f:
        readme = f.read()
    for key in ('mIoU', *tool.EXTRA_METRICS):
        rows = tool.summarise(tool.MATRIX, results, key)
        for line in tool.markdown_table(rows, key).splitlines()[2:]:
            assert line in docs, f'docs/benchmarks.md lacks {line!r}'
        for row in rows:
            assert f"{row['mean']:.2f}" in readme, (row['method'], key)
