"""tools/analysis/get_flops.py on shipped configs of every task."""
import re

import pytest

from mogaseg.apis import build_model_from_config

CLS_CONFIG = 'configs/moganet/moganet-xtiny_8xb128_in1k.py'


def _numbers(output):
    params = float(re.search(r'Params: ([\d.]+) M', output).group(1))
    flops = float(re.search(r'FLOPs: ([\d.]+) G', output).group(1))
    return params, flops


def test_classifier_params_and_flops(run_tool):
    proc, out = run_tool('analysis/get_flops.py', CLS_CONFIG, '--shape',
                         '224')
    assert proc.returncode == 0, out
    params, flops = _numbers(out)
    model = build_model_from_config(CLS_CONFIG)
    assert params == pytest.approx(
        sum(p.numel() for p in model.parameters()) / 1e6, abs=0.005)
    assert flops == pytest.approx(0.79, abs=0.01)  # MogaNet-XTiny, 224x224
    assert 'Input shape: 224x224' in out


def test_segmentor_flops_grow_with_the_input_area(run_tool):
    config = 'configs/moganet/upernet_moganet-xtiny_4xb4-160k_ade20k-' \
        '512x512.py'
    _, out_small = run_tool('analysis/get_flops.py', config, '--shape',
                            '128', '192')
    _, out_large = run_tool('analysis/get_flops.py', config, '--shape',
                            '256', '192')
    (params_small, flops_small), (params_large, flops_large) = \
        _numbers(out_small), _numbers(out_large)
    assert params_small == params_large
    assert flops_large / flops_small == pytest.approx(2, rel=0.02)
    assert 'Input shape: 128x192' in out_small


def test_detector_params(run_tool):
    config = 'configs/moganet/mask-rcnn_moganet-xtiny_fpn_1x_coco.py'
    proc, out = run_tool('analysis/get_flops.py', config, '--shape', '128',
                         '192')
    assert proc.returncode == 0, out
    params, flops = _numbers(out)
    assert params == pytest.approx(22.8, rel=0.015)  # published
    assert flops > 0


def test_bad_arguments_print_usage(capsys, load_tool):
    get_flops_main = load_tool('analysis/get_flops.py').main
    with pytest.raises(SystemExit) as exit_info:
        get_flops_main([CLS_CONFIG, '--shape', '1', '2', '3'])
    assert exit_info.value.code == 2
    assert 'usage:' in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        get_flops_main(['configs/missing.py'])
    assert exit_info.value.code == 'error: config file not found: ' \
        'configs/missing.py'
