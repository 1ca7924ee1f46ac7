"""mogaseg.deployment: the ONNX file of each backbone family computes what
the PyTorch model computes, at a batch size other than the traced one,
also after switch_to_deploy."""
import sys

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch

from mogaseg.apis import build_model_from_config
from mogaseg.deployment import (MissingPackageError, export_onnx,
                                onnx_io_shapes, read_onnx_metadata,
                                verify_onnx)
from mogaseg.engine import ConfigError
from mogaseg.models import MOAT, switch_to_deploy

# The smallest arch of each family. Small inputs keep each export at a few
# seconds on 2 cores; H != W catches a transposed map.
CLASSIFIERS = {
    'moganet-xtiny': 'configs/moganet/moganet-xtiny_8xb128_in1k.py',
    'van-b0': 'configs/van/van-b0_8xb128_in1k.py',
    'focalnet-tiny-srf': 'configs/focalnet/focalnet-tiny-srf_8xb128_in1k.py',
    'tiny-moat-0': 'configs/moat/tiny-moat-0_8xb128_in1k.py',
}
# FocalNet has nothing to fold.
DEPLOYABLE = ['moganet-xtiny', 'van-b0', 'tiny-moat-0']
SIZE = (32, 48)
NUM_CLASSES = 10
ATOL = 1e-4


# every branch of the blocks, and every fold of switch_to_deploy, reaches
# the output with random BatchNorm statistics and scales
FOLDED = ('layer_scale', 'sigma', 'rel_pos.table')


def _classifier(name: str, randomize) -> torch.nn.Module:
    torch.manual_seed(0)
    model = build_model_from_config(
        CLASSIFIERS[name],
        cfg_options={'model.head.num_classes': NUM_CLASSES},
        init_weights=False)
    return randomize(model, FOLDED).eval()


def _run_onnx(path: str, x: torch.Tensor):
    session = ort.InferenceSession(path, providers=['CPUExecutionProvider'])
    assert [i.name for i in session.get_inputs()] == ['input']
    return session.run(None, {'input': x.numpy()})


def _max_diff(actual: np.ndarray, expected: torch.Tensor) -> float:
    assert actual.shape == tuple(expected.shape)
    return float(np.abs(actual - expected.numpy()).max())


@pytest.mark.parametrize('name', list(CLASSIFIERS))
def test_classifier_matches_pytorch_at_another_batch(name, tmp_path,
                                                    randomize_folded_params):
    model = _classifier(name, randomize_folded_params)
    path = str(tmp_path / f'{name}.onnx')
    names = export_onnx(model, path, SIZE, batch=1)
    assert names == ['logits']
    onnx.checker.check_model(path)
    assert onnx_io_shapes(path) == {
        'input': ('batch', 3, *SIZE),
        'logits': ('batch', NUM_CLASSES)
    }

    x = torch.randn(3, 3, *SIZE, generator=torch.Generator().
                    manual_seed(1))
    (logits, ) = _run_onnx(path, x)
    with torch.no_grad():
        plain = model(x, mode='tensor')
    assert logits.shape == (3, NUM_CLASSES)
    assert _max_diff(logits, plain) <= ATOL
    # the logits are not all alike: the comparison is not trivial
    assert float(plain.std()) > 100 * ATOL

    diffs = verify_onnx(model, path, batch=2)
    assert list(diffs) == ['logits'] and diffs['logits'] <= ATOL


@pytest.mark.parametrize('name', DEPLOYABLE)
def test_deployed_classifier_exports_and_matches(name, tmp_path,
                                                randomize_folded_params):
    model = _classifier(name, randomize_folded_params)
    x = torch.randn(2, 3, *SIZE, generator=torch.Generator().
                    manual_seed(2))
    with torch.no_grad():
        before = model(x, mode='tensor')
    assert switch_to_deploy(model) > 0
    path = str(tmp_path / f'{name}-deploy.onnx')
    export_onnx(model, path, SIZE)
    (logits, ) = _run_onnx(path, x)
    # the file matches the model before folding, not only after
    assert _max_diff(logits, before) <= ATOL
    assert verify_onnx(model, path, batch=3)['logits'] <= ATOL


def test_dense_model_exports_its_backbone_features(tmp_path,
                                                   randomize_folded_params):
    model = build_model_from_config(
        'configs/moganet/mask-rcnn_moganet-xtiny_fpn_1x_coco.py',
        init_weights=False)
    model = randomize_folded_params(model, FOLDED).eval()
    path = str(tmp_path / 'det.onnx')
    names = export_onnx(model, path, (32, 64), metadata={'config': 'x.py'})
    assert names == ['feat0', 'feat1', 'feat2', 'feat3']
    shapes = onnx_io_shapes(path)
    assert shapes['input'] == ('batch', 3, 32, 64)
    assert [shapes[n] for n in names] == [('batch', 32, 8, 16),
                                          ('batch', 64, 4, 8),
                                          ('batch', 96, 2, 4),
                                          ('batch', 192, 1, 2)]
    x = torch.randn(2, 3, 32, 64)
    with torch.no_grad():
        expected = model.backbone(x)
    for out, exp in zip(_run_onnx(path, x), expected):
        assert _max_diff(out, exp) <= ATOL

    meta = read_onnx_metadata(path)
    assert meta['task'] == 'mmdet'
    assert meta['outputs'] == names and meta['input_size'] == [32, 64]
    assert meta['mean'] == [123.675, 116.28, 103.53]
    assert meta['std'] == [58.395, 57.12, 57.375]
    assert meta['to_rgb'] is True and meta['config'] == 'x.py'
    assert 'classes' not in meta


def test_windowed_moat_backbone_with_padding(tmp_path,
                                             randomize_folded_params):
    """Attention in 3x3 windows over 4x4 and 2x2 maps (padded, the padding
    masked), and a module without a task: the backbone on its own."""
    torch.manual_seed(0)
    backbone = randomize_folded_params(
        MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3),
             window_size=(None, None, 3, 3)), FOLDED).eval()
    path = str(tmp_path / 'moat.onnx')
    assert export_onnx(backbone, path, 64) == [f'feat{i}' for i in range(4)]
    x = torch.randn(3, 3, 64, 64)
    with torch.no_grad():
        expected = backbone(x)
    for out, exp in zip(_run_onnx(path, x), expected):
        assert _max_diff(out, exp) <= ATOL
    assert read_onnx_metadata(path)['outputs'] == [
        f'feat{i}' for i in range(4)
    ]


def test_metadata_has_class_names_and_verify_catches_a_changed_model(
        tmp_path):
    model = build_model_from_config(
        'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py',
        init_weights=False).eval()
    classes = [f'class{i}' for i in range(8)]
    model.dataset_meta = {'classes': classes}
    path = str(tmp_path / 'cls.onnx')
    export_onnx(model, path, 32)
    meta = read_onnx_metadata(path)
    assert meta['classes'] == classes and meta['task'] == 'mmpretrain'
    assert meta['to_rgb'] is True and meta['input_size'] == [32, 32]
    session = ort.InferenceSession(path, providers=['CPUExecutionProvider'])
    custom = session.get_modelmeta().custom_metadata_map
    assert custom['outputs'] == '["logits"]'

    assert verify_onnx(model, path)['logits'] <= ATOL
    with torch.no_grad():
        model.head.fc.bias += 1.
    assert verify_onnx(model, path)['logits'] == pytest.approx(1., abs=1e-3)


def test_user_errors_are_config_errors(tmp_path, monkeypatch):
    model = MOAT('tiny-moat-0').eval()
    # None in sys.modules makes the import fail, as if not installed.
    monkeypatch.setitem(sys.modules, 'onnxruntime', None)
    with pytest.raises(MissingPackageError, match=r'pip install -e \.'):
        verify_onnx(model, str(tmp_path / 'missing.onnx'))
    assert issubclass(MissingPackageError, ConfigError)
    with pytest.raises(ValueError, match='opset'):
        export_onnx(model, str(tmp_path / 'x.onnx'), 32, opset=5)
