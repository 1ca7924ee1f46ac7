"""Images whose dense prediction at their own size would not fit in memory
are predicted at the test scale (as the pipeline resizes them anyway), or
refused before the model runs; ``demo/image_demo.py`` says so in one line
instead of an out-of-memory error after minutes."""
import importlib.util
import logging

import mmcv
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MMLogger

import mogaseg.apis.input_size as input_size
from mogaseg.apis import inference_model, init_model, show_result
from mogaseg.errors import UnreadableImageError

SEG = 'configs/moganet/fpn_moganet-xtiny_1xb8_demo-ade20k-128px.py'
DET = 'configs/moganet/mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py'
TEST_SCALE = (64, 64)


def _with_test_resize(path):
    """The demo config, whose test pipeline keeps the image size, with a
    Resize to TEST_SCALE as the full ADE20K config has one."""
    cfg = Config.fromfile(path)
    pipeline = cfg.test_dataloader.dataset.pipeline
    pipeline.insert(1, dict(type='Resize', scale=TEST_SCALE, keep_ratio=True))
    return cfg


@pytest.fixture(scope='module')
def segmentor(repo_root):
    return init_model(_with_test_resize(f'{repo_root}/{SEG}'), device='cpu')


@pytest.fixture
def small_budget(monkeypatch):
    """20 MB for a prediction: a 600x400 segmentation (150 classes) needs
    about 146 MB."""
    monkeypatch.setattr(input_size, 'memory_budget', lambda device: 20e6)


@pytest.fixture
def warnings():
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = MMLogger.get_current_instance()
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def _photo(height=400, width=600):
    rng = np.random.RandomState(0)
    return rng.randint(0, 255, (height, width, 3), dtype=np.uint8)


def test_prediction_bytes_follow_the_task(segmentor, repo_root):
    # mmseg: 150 float32 class scores and an int64 label a pixel
    assert input_size.prediction_bytes(segmentor, 6000, 6000) == \
        6000 * 6000 * (150 * 4 + 8)
    detector = init_model(f'{repo_root}/{DET}', device='cpu')
    # mmdet: up to max_per_img masks of a byte a pixel, and the image
    assert input_size.prediction_bytes(detector, 100, 100) == \
        100 * 100 * (100 + 3)


def test_a_large_image_is_predicted_at_the_test_scale(segmentor, tmp_path,
                                                      small_budget, warnings):
    image = _photo()
    result = inference_model(segmentor, image)
    resized = mmcv.imrescale(image, TEST_SCALE)
    assert resized.shape[:2] == (43, 64)
    assert result.pred_sem_seg.data.shape[-2:] == resized.shape[:2]
    # the model saw what the pipeline gives it from the whole image
    expected = inference_model(segmentor, resized)
    assert torch.equal(result.pred_sem_seg.data, expected.pred_sem_seg.data)
    message, = [r.getMessage() for r in warnings
                if r.levelno == logging.WARNING]
    assert 'is 600x400 px' in message and 'test scale, 64x43' in message
    # drawn on the image at the scale it was predicted at
    drawn = show_result(segmentor, image, result, str(tmp_path / 'out.png'))
    assert drawn.shape[:2] == (43, 64)


def test_without_a_test_scale_it_is_refused_before_the_model_runs(
        repo_root, small_budget):
    model = init_model(f'{repo_root}/{SEG}', device='cpu')  # no Resize
    calls = []
    model.backbone.register_forward_hook(lambda *args: calls.append(1))
    with pytest.raises(UnreadableImageError,
                       match=r'the image is 600x400 px: .* no Resize'):
        inference_model(model, _photo())
    assert calls == []
    inference_model(model, _photo(40, 60))  # one that fits still runs
    assert calls == [1]


def test_image_demo_refuses_a_huge_image_in_one_line(repo_root, tmp_path,
                                                     monkeypatch):
    # The budget of a machine with 8 GB free: the seg demo (no test
    # Resize) at 6000x6000 px needs 21.9 GB.
    monkeypatch.setattr(input_size, 'memory_budget', lambda device: 4e9)
    path = str(tmp_path / 'huge.png')
    mmcv.imwrite(np.zeros((6000, 6000, 3), np.uint8), path)
    spec = importlib.util.spec_from_file_location(
        'image_demo', f'{repo_root}/demo/image_demo.py')
    demo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(demo)
    monkeypatch.setattr(demo, 'init_model', lambda *args, **kwargs:
                        init_model(f'{repo_root}/{SEG}', device='cpu'))
    with pytest.raises(SystemExit) as exit_info:
        demo.main([path, f'{repo_root}/{SEG}', 'unused.pth',
                   '--out-file', str(tmp_path / 'out.png')])
    assert str(exit_info.value).startswith(
        f'error: {path} is 6000x6000 px: its prediction at that size needs '
        'about 20.4 GiB')
    assert not (tmp_path / 'out.png').exists()
