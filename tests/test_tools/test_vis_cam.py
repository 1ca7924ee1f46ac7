"""tools/visualization/vis_cam.py on the demo checkpoints: a classifier's
Grad-CAM and a detector's EigenCAM, drawn over the image the model sees."""
import argparse
import glob
import os.path as osp
import re

import mmcv
import numpy as np
import pytest
from mmengine.config import Config, DictAction

from mogaseg.apis import inference_model, init_model

SCRIPT = 'visualization/vis_cam.py'


def _first_image(root, pattern):
    return sorted(glob.glob(osp.join(root, pattern)))[0]


def _options(run):
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(['--cfg-options', *run.options]).cfg_options


def _png(path):
    with open(path, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    image = mmcv.imread(str(path))
    assert image is not None and image.ndim == 3
    return image


@pytest.mark.slow
def test_classifier_cam_explains_the_prediction(demo_runs, run_tool,
                                                tmp_path):
    run = demo_runs['cls']
    image_file = _first_image(run.data_root, 'val/*.JPEG')
    out = tmp_path / 'cam.png'
    proc, output = run_tool(SCRIPT, image_file, run.config, run.checkpoint,
                            '--out', str(out), '--cfg-options',
                            *run.options)
    assert proc.returncode == 0, output[-3000:]
    image = mmcv.imread(image_file)
    drawn = _png(out)
    # no resize in the demo's test pipeline: the image's own size
    assert drawn.shape == image.shape
    assert np.abs(drawn.astype(int) - image.astype(int)).mean() > 10
    # the class and score are those of the inference API
    found = re.search(r'Target class: (\d+) \((\w+)\), score ([\d.]+)',
                      output)
    assert found, output[-2000:]
    model = init_model(run.config, run.checkpoint, device='cpu',
                       cfg_options=_options(run))
    sample = inference_model(model, image_file)
    category = int(found.group(1))
    assert category == int(sample.pred_label)
    assert found.group(2) == model.dataset_meta['classes'][category]
    assert float(found.group(3)) == pytest.approx(
        float(sample.pred_score[category]), abs=1e-3)
    assert 'Method: gradcam, target layers: backbone output' in output


@pytest.mark.slow
def test_classifier_cam_of_named_layers_and_class(demo_runs, run_tool,
                                                  tmp_path):
    run = demo_runs['cls']
    image_file = _first_image(run.data_root, 'val/*.JPEG')
    out = tmp_path / 'sub' / 'cam_layers.png'
    proc, output = run_tool(SCRIPT, image_file, run.config, run.checkpoint,
                            '--out', str(out), '--method', 'GradCAM++',
                            '--target-layers', 'backbone.blocks3.2',
                            'backbone.norm4', '--target-category', '2',
                            '--cfg-options', *run.options)
    assert proc.returncode == 0, output[-3000:]
    assert _png(out).shape == mmcv.imread(image_file).shape
    assert ('Method: gradcam++, target layers: backbone.blocks3.2, '
            'backbone.norm4') in output
    assert re.search(r'Target class: 2 \(\w+\), score [\d.]+', output)


@pytest.mark.slow
def test_detector_eigencam_of_the_backbone(demo_runs, run_tool, tmp_path):
    run = demo_runs['det']
    image_file = _first_image(run.data_root, 'val2017/*.jpg')
    out = tmp_path / 'det_cam.png'
    proc, output = run_tool(SCRIPT, image_file, run.config, run.checkpoint,
                            '--out', str(out), '--cfg-options',
                            *run.options)
    assert proc.returncode == 0, output[-3000:]
    # drawn over the image as the test pipeline resizes it
    cfg = Config.fromfile(run.config)
    resize = [step for step in cfg.test_dataloader.dataset.pipeline
              if step.type == 'Resize'][0]
    expected = mmcv.imrescale(mmcv.imread(image_file), resize.scale)
    assert _png(out).shape == expected.shape
    assert 'Method: eigencam, target layers: backbone output' in output
    assert 'Target class' not in output


@pytest.mark.slow
def test_unknown_layer_is_one_line_with_a_suggestion(demo_runs, run_tool,
                                                     tmp_path):
    run = demo_runs['cls']
    image_file = _first_image(run.data_root, 'val/*.JPEG')
    proc, output = run_tool(SCRIPT, image_file, run.config, run.checkpoint,
                            '--out', str(tmp_path / 'x.png'),
                            '--target-layers', 'backbone.block4',
                            '--cfg-options', *run.options)
    assert proc.returncode == 1
    assert "error: the model has no layer named 'backbone.block4'; did you " \
        "mean 'backbone.blocks4'" in output
    assert 'Traceback' not in output
    assert not (tmp_path / 'x.png').exists()


def test_gradient_method_on_a_detector_is_refused(demo_runs, tmp_path,
                                                  load_tool):
    run = demo_runs['det']
    image_file = _first_image(run.data_root, 'val2017/*.jpg')
    with pytest.raises(SystemExit) as exit_info:
        load_tool(SCRIPT).main([
            image_file, run.config, run.checkpoint, '--method', 'gradcam',
            '--out', str(tmp_path / 'x.png'), '--device', 'cpu',
            '--cfg-options', *run.options
        ])
    assert re.match(r'error: gradcam needs the gradient of a class score.*'
                    r'use --method eigencam', str(exit_info.value.code))


def test_unknown_method_lists_the_choices(capsys, load_tool):
    tool = load_tool(SCRIPT)
    with pytest.raises(SystemExit) as exit_info:
        tool.parse_args(['a.jpg', 'c.py', 'w.pth', '--method', 'x'])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'x'" in err and "'gradcam++'" in err \
        and "'eigencam'" in err
    assert tool.parse_args(
        ['a.jpg', 'c.py', 'w.pth', '--method', 'XGradCAM']).method == \
        'xgradcam'
