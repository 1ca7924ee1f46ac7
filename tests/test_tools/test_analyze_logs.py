"""tools/analysis/analyze_logs.py plot_curve on logs in MMEngine's
scalars.json format."""
import json

import pytest

PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


def _write_log(path, epochs=3, iters=4, offset=0.0):
    lines = []
    for epoch in range(1, epochs + 1):
        for i in range(1, iters + 1):
            it = (epoch - 1) * iters + i
            lines.append(dict(loss=2.0 / it + offset, lr=1e-3, epoch=epoch,
                              iter=it, step=it, time=0.1, data_time=0.01))
        lines.append({'accuracy/top1': 30.0 + 10 * epoch, 'step': epoch,
                      'time': 0.2, 'data_time': 0.02})
    path.write_text('\n'.join(json.dumps(line) for line in lines) + '\n')
    return str(path)


def test_plot_curve_writes_a_png(tmp_path, run_tool):
    one = _write_log(tmp_path / 'a.json')
    two = _write_log(tmp_path / 'b.json', offset=0.5)
    out = tmp_path / 'curves.png'
    proc, output = run_tool('analysis/analyze_logs.py', 'plot_curve', one,
                            two, '--keys', 'loss', 'accuracy/top1',
                            '--legend', 'run-a', 'run-b', '--out', str(out))
    assert proc.returncode == 0, output
    data = out.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 10_000


def test_curves_follow_iterations_and_validation_steps(tmp_path):
    from mogaseg.analysis.logs import curve, load_scalars
    records = load_scalars(_write_log(tmp_path / 'a.json'))
    x, y, label = curve(records, 'loss')
    assert label == 'iter' and x == list(range(1, 13))
    assert y[0] == pytest.approx(2.0)
    x, y, label = curve(records, 'accuracy/top1')
    assert label == 'step' and x == [1, 2, 3] and y == [40.0, 50.0, 60.0]


@pytest.mark.parametrize('case, message', [
    ('unknown_key', 'has no top5; its keys: accuracy/top1, loss, lr'),
    ('missing', 'log not found'),
    ('bad_json', 'line 2: not JSON'),
])
def test_errors_name_the_problem(tmp_path, run_tool, case, message):
    log = _write_log(tmp_path / 'a.json')
    if case == 'missing':
        log = str(tmp_path / 'missing.json')
    if case == 'bad_json':
        with open(log, 'r+') as f:
            lines = f.read().splitlines()
            lines[1] = '{broken'
            f.seek(0)
            f.truncate()
            f.write('\n'.join(lines))
    keys = ['top5'] if case == 'unknown_key' else ['loss']
    proc, output = run_tool('analysis/analyze_logs.py', 'plot_curve', log,
                            '--keys', *keys, '--out',
                            str(tmp_path / 'x.png'))
    assert proc.returncode == 1 and message in output, output
    assert 'Traceback' not in output
