"""MogaNet inside mmseg segmentors, built from the shipped configs."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mogaseg.analysis import count_complexity
from mogaseg.apis import build_model_from_config

CONFIGS = {
    'upernet': 'configs/moganet/upernet_moganet-xtiny_4xb4-160k_ade20k-'
    '512x512.py',
    'fpn': 'configs/moganet/fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py',
}
EXPECTED_LOSSES = {
    'upernet': {'decode.loss_ce', 'aux.loss_ce'},
    'fpn': {'decode.loss_ce'},
}
# Published (MogaNet release): params in M of the ADE20K segmentors.
PUBLISHED_PARAMS = {
    'upernet_moganet-xtiny_4xb4-160k_ade20k-512x512.py': 30.4,
    'upernet_moganet-tiny_4xb4-160k_ade20k-512x512.py': 33.1,
    'upernet_moganet-small_4xb4-160k_ade20k-512x512.py': 55.3,
    'upernet_moganet-base_4xb4-160k_ade20k-512x512.py': 73.7,
    'upernet_moganet-large_4xb4-160k_ade20k-512x512.py': 113.2,
    'fpn_moganet-xtiny_8xb4-80k_ade20k-512x512.py': 6.9,
    'fpn_moganet-tiny_8xb4-80k_ade20k-512x512.py': 9.1,
    'fpn_moganet-small_8xb4-80k_ade20k-512x512.py': 29.1,
    'fpn_moganet-base_8xb4-80k_ade20k-512x512.py': 47.5,
    'fpn_moganet-large_8xb4-80k_ade20k-512x512.py': 86.2,
}


def _build(path, **test_cfg):
    from mmseg.registry import MODELS
    cfg = Config.fromfile(path)
    cfg.model.backbone.init_cfg = None
    cfg.model.data_preprocessor.size = None
    cfg.model.data_preprocessor.size_divisor = 32
    if test_cfg:
        cfg.model.test_cfg = test_cfg
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return model


def _inputs(shapes, num_classes=150):
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    torch.manual_seed(0)
    inputs, samples = [], []
    for h, w in shapes:
        inputs.append(torch.randint(0, 256, (3, h, w), dtype=torch.uint8))
        sample = SegDataSample(
            metainfo=dict(img_shape=(h, w), ori_shape=(h, w),
                          pad_shape=(h, w)))
        labels = torch.randint(0, num_classes, (1, h, w))
        labels[:, :4] = 255  # ignored pixels, as after reduce_zero_label
        sample.gt_sem_seg = PixelData(data=labels)
        samples.append(sample)
    return dict(inputs=inputs, data_samples=samples)


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_loss_backward_and_predict(name):
    model = _build(CONFIGS[name])
    model.train()
    data = model.data_preprocessor(_inputs([(64, 64), (64, 64)]), True)
    losses = model(**data, mode='loss')
    loss, log_vars = model.parse_losses(losses)
    assert torch.isfinite(loss) and loss > 0
    assert EXPECTED_LOSSES[name] <= set(log_vars), sorted(log_vars)
    loss.backward()
    assert all(p.grad is not None for p in model.backbone.parameters())

    model.eval()
    data = model.data_preprocessor(_inputs([(64, 96)]), False)
    with torch.no_grad():
        result = model(**data, mode='predict')[0]
    assert tuple(result.pred_sem_seg.data.shape) == (1, 64, 96)
    assert tuple(result.seg_logits.data.shape) == (150, 64, 96)


def test_slide_inference_on_input_larger_than_crop():
    whole = _build(CONFIGS['fpn']).eval()
    slide = _build(
        CONFIGS['fpn'], mode='slide', crop_size=(64, 64),
        stride=(48, 48)).eval()
    slide.load_state_dict(whole.state_dict())
    data = slide.data_preprocessor(_inputs([(100, 150)]), False)
    with torch.no_grad():
        windows = []
        original = slide.encode_decode

        def count_windows(inputs, batch_img_metas):
            windows.append(tuple(inputs.shape[-2:]))
            return original(inputs, batch_img_metas)

        slide.encode_decode = count_windows
        result = slide(**data, mode='predict')[0]
    assert tuple(result.pred_sem_seg.data.shape) == (1, 100, 150)
    # ceil((100 - 64) / 48) + 1 = 2 rows, ceil((150 - 64) / 48) + 1 = 3
    assert len(windows) == 6 and set(windows) == {(64, 64)}


@pytest.mark.parametrize('name', sorted(PUBLISHED_PARAMS))
def test_params_match_published(name):
    model = _build(f'configs/moganet/{name}')
    params = sum(p.numel() for p in model.parameters()) / 1e6
    assert params == pytest.approx(PUBLISHED_PARAMS[name], rel=0.015)


def test_semantic_fpn_small_flops_match_published():
    """Published: 189.7 GFLOPs, counted (as mmseg does) at 2048x512."""
    model = build_model_from_config(
        'configs/moganet/fpn_moganet-small_8xb4-80k_ade20k-512x512.py')
    flops = count_complexity(model, (512, 2048)).flops
    assert flops / 1e9 == pytest.approx(189.7, rel=0.02)
