"""tools/gpu_check.py, in the parts a machine without CUDA can run: its
one line there, the detector of CPU-only kernels, the configs it writes
for the other families, and its summary of failed checks."""
import pytest
import torch

from mogaseg.models.families import FAMILIES


@pytest.fixture
def gpu_check(load_tool):
    return load_tool('gpu_check.py')


def test_without_cuda_one_line_and_exit_0(gpu_check, monkeypatch, capsys,
                                          tmp_path):
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    assert gpu_check.main(['--out', str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.count('\n') == 1 and 'no CUDA device' in out
    assert list(tmp_path.iterdir()) == []  # nothing run, nothing written


def test_the_detector_sees_onednn_kernels_on_cpu(gpu_check):
    """On CUDA the check expects none; here, on CPU, the inference forms
    do run oneDNN's fused kernels, and the detector must see them."""
    from mogaseg.models import MogaNet, switch_to_deploy
    from mogaseg.models.layers import onednn
    if not onednn.AVAILABLE:
        pytest.skip('this torch build has no oneDNN pointwise ops')
    model = MogaNet(**FAMILIES['MogaNet'].test_kwargs).eval()
    images = torch.randn(1, 3, 64, 64)
    assert gpu_check.cpu_only_kernels(model, images) == []
    switch_to_deploy(model)
    used = gpu_check.cpu_only_kernels(model, images)
    assert used and all(op.startswith('mkldnn::') for op in used)


@pytest.mark.parametrize('family', sorted(set(FAMILIES) - {'MogaNet'}))
def test_the_other_families_classification_demo(gpu_check, tmp_path,
                                                family):
    from mmengine.config import Config

    from mogaseg.apis import build_model_from_config
    path = gpu_check.family_config(str(tmp_path), FAMILIES[family])
    cfg = Config.fromfile(path)
    assert cfg.model.backbone.type == f'mogaseg.{family}'
    model = build_model_from_config(cfg).eval()
    with torch.no_grad():
        logits = model(torch.randn(2, 3, 64, 64), mode='tensor')
    assert logits.shape == (2, 8)


def test_a_failing_check_is_recorded_and_the_rest_go_on(gpu_check, capsys):
    checks = gpu_check.Checks()

    def broken():
        raise AssertionError('outputs differ by 1e-2')

    checks.run('broken', broken)
    checks.run('fine', lambda: dict(difference=0.))
    checks.run('absent', lambda: dict(status='skip', why='no file'))
    assert [(r['check'], r['status']) for r in checks.results] == [
        ('broken', 'fail'), ('fine', 'pass'), ('absent', 'skip')]
    assert 'outputs differ by 1e-2' in checks.results[0]['error']
    assert '[fail] broken' in capsys.readouterr().out
