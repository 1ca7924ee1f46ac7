"""tools/deployment/pytorch2onnx.py on the demo runs' checkpoints: the file
it writes runs in ONNX Runtime with the checkpoint's outputs, and user
mistakes end in one line."""
import os.path as osp
import re
import sys

import onnx
import onnxruntime as ort
import pytest
import torch

from mogaseg.apis import init_model
from mogaseg.deployment import onnx_io_shapes, read_onnx_metadata

SCRIPT = 'deployment/pytorch2onnx.py'
REPORTED = re.compile(
    r'(\w+): max abs difference: (\S+) \(tolerance 1e-04\)')


def _reported_diffs(output):
    return {name: float(diff) for name, diff in REPORTED.findall(output)}


def _no_traceback(output):
    return 'Traceback' not in output


@pytest.mark.slow
def test_classifier_export_verifies_and_keeps_the_checkpoint(
        demo_runs, run_tool, tmp_path):
    run = demo_runs['cls']
    out = str(tmp_path / 'cls.onnx')
    proc, output = run_tool(SCRIPT, run.config, run.checkpoint, '--shape',
                            '64', '--out', out, '--verify', '--cfg-options',
                            *run.options)
    assert proc.returncode == 0, output[-3000:]
    diffs = _reported_diffs(output)
    assert list(diffs) == ['logits'] and diffs['logits'] <= 1e-4, output
    assert 'logits: batch x 8' in output
    assert re.search(r'Saved .*cls\.onnx \([\d.]+ MB\)', output)

    onnx.checker.check_model(onnx.load(out))
    meta = read_onnx_metadata(out)
    with open(osp.join(run.data_root, 'meta', 'classes.txt')) as f:
        classes = f.read().split()
    assert meta['classes'] == classes and len(classes) == 8
    assert meta['config'] == run.config and meta['task'] == 'mmpretrain'
    assert meta['mean'] == [123.675, 116.28, 103.53]
    assert meta['std'] == [58.395, 57.12, 57.375] and meta['to_rgb'] is True

    # The file holds the trained weights: it gives the checkpoint's logits
    # (optimised forward, as tools/test.py runs it) at another batch size.
    model = init_model(run.config, run.checkpoint, device='cpu')
    x = torch.randn(3, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected = model(x, mode='tensor')
    session = ort.InferenceSession(out, providers=['CPUExecutionProvider'])
    (logits, ) = session.run(None, {'input': x.numpy()})
    assert logits.shape == (3, 8)
    torch.testing.assert_close(
        torch.from_numpy(logits), expected, rtol=0, atol=1e-4)


@pytest.mark.slow
def test_detector_backbone_export_with_deploy(demo_runs, run_tool,
                                              tmp_path):
    run = demo_runs['det']
    out = str(tmp_path / 'det.onnx')
    proc, output = run_tool(SCRIPT, run.config, run.checkpoint, '--shape',
                            '64', '96', '--out', out, '--deploy', '--verify',
                            '--cfg-options', 'model.backbone.init_cfg=None')
    assert proc.returncode == 0, output[-3000:]
    assert 'the backbone (MogaNet) of the MaskRCNN detector' in output
    assert re.search(r'deploy: \d+ modules folded', output)
    names = [f'feat{i}' for i in range(4)]
    diffs = _reported_diffs(output)
    assert list(diffs) == names, output
    assert max(diffs.values()) <= 1e-4
    shapes = onnx_io_shapes(out)
    assert shapes['input'] == ('batch', 3, 64, 96)
    assert [shapes[name] for name in names] == [
        ('batch', 32, 16, 24), ('batch', 64, 8, 12), ('batch', 96, 4, 6),
        ('batch', 192, 2, 3)
    ]
    assert 'feat3: batch x 192 x 2 x 3' in output
    meta = read_onnx_metadata(out)
    assert meta['task'] == 'mmdet' and meta['deploy'] is True


@pytest.mark.slow
def test_user_mistakes_end_in_one_line(load_tool, tmp_path, capsys,
                                       crafted_checkpoint, monkeypatch):
    """Each mistake stops with one line (``sys.exit(message)``, which
    Python prints alone) or argparse's usage; the tool runs in this process,
    as its ``main``, to spare a process start per case."""
    tool = load_tool(SCRIPT)
    config = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
    missing = str(tmp_path / 'missing.pth')
    out = str(tmp_path / 'x.onnx')

    def error(*argv):
        with pytest.raises(SystemExit) as exit_info:
            tool.main(list(argv))
        message = exit_info.value.code
        assert isinstance(message, str) and '\n' not in message, message
        return message

    assert error(config, missing, '--out', out) == \
        f'error: checkpoint not found: {missing}'
    assert not osp.exists(out)

    # a checkpoint whose unpickling would run code is refused
    crafted, marker = crafted_checkpoint
    assert error(config, crafted, '--out', out).startswith(
        f'error: refused to load the checkpoint {crafted}')
    assert not osp.exists(marker) and not osp.exists(out)

    assert error('configs/missing.py', missing) == \
        'error: config file not found: configs/missing.py'

    with pytest.raises(SystemExit) as exit_info:
        tool.main([config, missing, '--shape', '1', '2', '3'])
    assert exit_info.value.code == 2
    usage = capsys.readouterr().err
    assert 'usage:' in usage
    assert 'error: --shape takes one value (square) or two (H W)' in usage

    # onnxruntime not installed (None in sys.modules fails its import)
    monkeypatch.setitem(sys.modules, 'onnxruntime', None)
    assert error(config, missing, '--verify') == (
        'error: the onnxruntime package is not installed; ONNX export and '
        'its check need onnx and onnxruntime: pip install -e .[tools]')


@pytest.mark.slow
def test_verify_fails_when_the_tolerance_is_exceeded(run_tool, tmp_path):
    """A tolerance no float computation meets: exit status 1 and a message
    that names the output."""
    config = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
    checkpoint = str(tmp_path / 'random.pth')
    torch.manual_seed(0)
    # the training-time layout a checkpoint has (not the folded one)
    model = init_model(config, device='cpu', deploy=False)
    torch.save({'state_dict': model.state_dict()}, checkpoint)
    proc, output = run_tool(SCRIPT, config, checkpoint, '--shape', '32',
                            '--out', str(tmp_path / 'x.onnx'), '--verify',
                            '--atol', '1e-30')
    assert proc.returncode == 1 and _no_traceback(output)
    assert re.search(r'logits: max abs difference: \S+ \(tolerance 1e-30\)',
                     output)
    assert output.strip().splitlines()[-1] == (
        'error: ONNX Runtime and PyTorch differ by more than --atol 1e-30 '
        'in logits')
