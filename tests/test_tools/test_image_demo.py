"""mogaseg.apis (init_model, inference_model, show_result) and
demo/image_demo.py, on checkpoints of the three demo configs."""
import glob
import os.path as osp
import re

import mmcv
import numpy as np
import pytest
import torch

from mogaseg.apis import inference_model, init_model, show_result
from mogaseg.engine import UnsafeCheckpointError


def _first_image(root, pattern):
    return sorted(glob.glob(osp.join(root, pattern)))[0]


IMAGES = {
    'cls': 'val/*.JPEG',
    'det': 'val2017/*.jpg',
    'seg': 'images/validation/*.jpg',
}


def _assert_png(path, shape=None):
    with open(path, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    image = mmcv.imread(path)
    assert image is not None and image.size > 0
    if shape is not None:
        assert image.shape[:2] == shape
    return image


@pytest.fixture(scope='module')
def models(demo_runs):
    return {
        task: init_model(
            run.config, run.checkpoint, device='cpu',
            cfg_options={'model.backbone.init_cfg': None})
        for task, run in demo_runs.items()
    }


def test_init_model_loads_the_checkpoint_and_its_classes(demo_runs):
    run = demo_runs['cls']
    model = init_model(run.config, run.checkpoint, device='cpu',
                       deploy=False)  # the weights as saved
    saved = torch.load(run.checkpoint, map_location='cpu', weights_only=True)
    for name, value in model.state_dict().items():
        assert torch.equal(value, saved['state_dict'][name]), name
    with open(osp.join(run.data_root, 'meta', 'classes.txt')) as f:
        classes = tuple(line.strip() for line in f if line.strip())
    assert tuple(model.dataset_meta['classes']) == classes
    assert not model.training


def test_init_model_folds_for_inference_by_default(demo_runs, models):
    from mogaseg.models.backbones.moganet import MogaBlock
    from mogaseg.models.backbones.moganet_deploy import DeployMogaBlock
    run = demo_runs['cls']
    folded = models['cls']
    assert any(isinstance(m, DeployMogaBlock) for m in folded.modules())
    assert not any(isinstance(m, MogaBlock) for m in folded.modules())
    plain = init_model(run.config, run.checkpoint, device='cpu',
                       deploy=False)
    assert any(isinstance(m, MogaBlock) for m in plain.modules())
    assert not any(isinstance(m, DeployMogaBlock) for m in plain.modules())
    path = _first_image(run.data_root, IMAGES['cls'])
    expected = inference_model(plain, path)
    result = inference_model(folded, path)
    assert int(result.pred_label) == int(expected.pred_label)
    # softmax scores of folds that are exact up to float rounding
    torch.testing.assert_close(result.pred_score, expected.pred_score,
                               rtol=1e-4, atol=1e-5)


def test_init_model_refuses_a_checkpoint_that_runs_code(
        demo_runs, crafted_checkpoint):
    path, marker = crafted_checkpoint
    with pytest.raises(UnsafeCheckpointError):
        init_model(demo_runs['cls'].config, path, device='cpu')
    assert not osp.exists(marker)


def test_classification_matches_the_model_on_the_test_pipeline(
        demo_runs, models):
    model = models['cls']
    path = _first_image(demo_runs['cls'].data_root, IMAGES['cls'])
    result = inference_model(model, path)
    # The same image through the data preprocessor and the classifier.
    image = torch.from_numpy(mmcv.imread(path)).permute(2, 0, 1)
    data = model.data_preprocessor({'inputs': [image]}, False)
    with torch.no_grad():
        logits = model(data['inputs'], mode='tensor')
    torch.testing.assert_close(result.pred_score, logits.softmax(-1)[0])
    assert int(result.pred_label) == int(logits.argmax())
    # A BGR array gives the same result as the file.
    from_array = inference_model(model, [mmcv.imread(path)])[0]
    torch.testing.assert_close(from_array.pred_score, result.pred_score)


@pytest.mark.parametrize('task', ['det', 'seg'])
def test_dense_prediction_from_a_path_or_an_array(demo_runs, models, task,
                                                  tmp_path):
    model = models[task]
    path = _first_image(demo_runs[task].data_root, IMAGES[task])
    image = mmcv.imread(path)
    # an array first: the inference functions must not keep its loader
    from_array, from_path = inference_model(model, [image, path])
    if task == 'det':
        assert len(from_path.pred_instances) > 0
        torch.testing.assert_close(from_array.pred_instances.bboxes,
                                   from_path.pred_instances.bboxes)
        boxes = from_path.pred_instances.bboxes
        assert (boxes[:, 2:] <= torch.tensor(image.shape[1::-1]) + 1).all()
    else:
        labels = from_path.pred_sem_seg.data
        assert labels.shape[-2:] == image.shape[:2]
        assert torch.equal(from_array.pred_sem_seg.data, labels)
    drawn = show_result(
        model, path, from_path, str(tmp_path / 'out.png'), score_thr=0.0)
    assert drawn.shape == image.shape
    assert np.array_equal(mmcv.imread(str(tmp_path / 'out.png')),
                          mmcv.rgb2bgr(drawn))
    assert not np.array_equal(drawn, mmcv.bgr2rgb(image))


@pytest.mark.slow
@pytest.mark.parametrize('task', ['cls', 'det', 'seg'])
def test_image_demo_draws_the_prediction(demo_runs, run_demo_script, tmp_path,
                                         task):
    run = demo_runs[task]
    image = _first_image(run.data_root, IMAGES[task])
    out_file = tmp_path / 'out' / 'result.png'
    proc, output = run_demo_script(
        'image_demo.py', image, run.config, run.checkpoint, '--out-file',
        str(out_file), '--topk', '3', '--score-thr', '0.0', '--cfg-options',
        'model.backbone.init_cfg=None')
    assert proc.returncode == 0, output[-3000:]
    drawn = _assert_png(out_file)
    height, width = mmcv.imread(image).shape[:2]
    if task == 'cls':
        # small images are enlarged so the labels stay readable
        assert min(drawn.shape[:2]) >= min(height, width)
        lines = re.findall(r'^(\w+): ([\d.]+)$', output, re.M)
        assert len(lines) == 3
        scores = [float(score) for _, score in lines]
        assert scores == sorted(scores, reverse=True) and sum(scores) <= 1
    else:
        assert drawn.shape[:2] == (height, width)
        if task == 'det':
            assert re.search(r'\d+ objects scoring >= 0.0', output)
        else:
            assert re.search(r'\w+: [\d.]+% of the pixels', output)


def test_image_demo_names_a_missing_image(demo_runs, run_demo_script):
    run = demo_runs['cls']
    proc, output = run_demo_script('image_demo.py', 'no/such.jpg',
                                   run.config, run.checkpoint)
    assert proc.returncode == 1
    assert 'error: image file not found: no/such.jpg' in output
    assert 'Traceback' not in output
