"""MogaNet inside mmdet detectors, built from the shipped configs."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mogaseg.analysis import count_complexity
from mogaseg.apis import build_model_from_config

CONFIGS = {
    'retinanet': 'configs/moganet/retinanet_moganet-xtiny_fpn_1x_coco.py',
    'mask-rcnn': 'configs/moganet/mask-rcnn_moganet-xtiny_fpn_1x_coco.py',
    'cascade-mask-rcnn': 'configs/moganet/'
    'cascade-mask-rcnn_moganet-small_fpn_4conv1fc-giou_ms-crop-3x_coco.py',
}
EXPECTED_LOSSES = {
    'retinanet': {'loss_cls', 'loss_bbox'},
    'mask-rcnn':
    {'loss_rpn_cls', 'loss_rpn_bbox', 'loss_cls', 'loss_bbox', 'loss_mask'},
    'cascade-mask-rcnn': {
        'loss_rpn_cls', 'loss_rpn_bbox', *(f's{i}.{name}' for i in range(3)
                                           for name in ('loss_cls',
                                                        'loss_bbox',
                                                        'loss_mask'))
    },
}
# Published (MogaNet release): params in M of the COCO detectors.
PUBLISHED_PARAMS = {
    'mask-rcnn_moganet-xtiny_fpn_1x_coco.py': 22.8,
    'mask-rcnn_moganet-tiny_fpn_1x_coco.py': 25.0,
    'mask-rcnn_moganet-small_fpn_1x_coco.py': 45.0,
    'mask-rcnn_moganet-base_fpn_1x_coco.py': 63.4,
    'mask-rcnn_moganet-large_fpn_1x_coco.py': 102.1,
    'retinanet_moganet-xtiny_fpn_1x_coco.py': 12.1,
    'retinanet_moganet-tiny_fpn_1x_coco.py': 14.4,
    'retinanet_moganet-small_fpn_1x_coco.py': 35.1,
    'retinanet_moganet-base_fpn_1x_coco.py': 53.5,
    'retinanet_moganet-large_fpn_1x_coco.py': 92.4,
}


def _build(cfg_or_path, small_backbone=False, num_classes=None):
    from mmdet.registry import MODELS
    cfg = cfg_or_path if isinstance(cfg_or_path, Config) else \
        Config.fromfile(cfg_or_path)
    cfg.model.backbone.init_cfg = None
    if small_backbone:  # keep the test cheap whatever the config's size
        cfg.model.backbone.arch = 'xtiny'
        cfg.model.neck.in_channels = [32, 64, 96, 192]
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return model


@pytest.mark.parametrize('algorithm', sorted(CONFIGS))
def test_loss_backward_and_predict(algorithm):
    from mmdet.testing import demo_mm_inputs
    torch.manual_seed(0)
    model = _build(CONFIGS[algorithm], small_backbone=True)
    with_mask = 'mask' in algorithm
    packed = demo_mm_inputs(
        batch_size=2,
        image_shapes=[(3, 96, 128), (3, 128, 96)],
        num_items=[3, 2],
        num_classes=80,
        with_mask=with_mask)
    model.train()
    data = model.data_preprocessor(packed, True)
    losses = model(**data, mode='loss')
    loss, log_vars = model.parse_losses(losses)
    assert torch.isfinite(loss) and loss > 0
    assert EXPECTED_LOSSES[algorithm] <= set(log_vars), sorted(log_vars)
    loss.backward()
    grads = [p.grad for p in model.backbone.parameters() if p.requires_grad]
    assert all(g is not None for g in grads)
    assert any(g.abs().sum() > 0 for g in grads)

    model.eval()
    data = model.data_preprocessor(packed, False)
    with torch.no_grad():
        results = model(**data, mode='predict')
    assert len(results) == 2
    for result, image in zip(results, [(96, 128), (128, 96)]):
        pred = result.pred_instances
        assert pred.bboxes.shape[1] == 4
        assert len(pred.scores) == len(pred.labels) == len(pred.bboxes)
        if with_mask:
            assert tuple(pred.masks.shape[1:]) == image


@pytest.mark.parametrize('name', sorted(PUBLISHED_PARAMS))
def test_params_match_published(name):
    model = _build(f'configs/moganet/{name}')
    params = sum(p.numel() for p in model.parameters()) / 1e6
    assert params == pytest.approx(PUBLISHED_PARAMS[name], rel=0.015)


def test_mask_rcnn_tiny_flops_match_published():
    """The published 191.7 GFLOPs are at an input of 1280x800."""
    model = build_model_from_config(
        'configs/moganet/mask-rcnn_moganet-tiny_fpn_1x_coco.py')
    flops = count_complexity(model, (800, 1280)).flops
    assert flops / 1e9 == pytest.approx(191.7, rel=0.02)


def test_imagenet_checkpoint_initialises_detector_backbone(tmp_path):
    """A mogaseg classification checkpoint (keys 'backbone.*') initialises
    the detector's backbone through init_cfg with prefix='backbone.'."""
    from mmpretrain.registry import MODELS as CLS_MODELS
    cls_cfg = Config.fromfile('configs/moganet/moganet-xtiny_8xb128_in1k.py')
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        classifier = CLS_MODELS.build(cls_cfg.model)
    classifier.init_weights()
    for p in classifier.parameters():  # values no fresh init would give
        p.data.uniform_(-1, 1)
    path = tmp_path / 'moganet-xtiny_in1k.pth'
    torch.save(dict(state_dict=classifier.state_dict(), meta=dict()), path)

    cfg = Config.fromfile(CONFIGS['mask-rcnn'])
    cfg.model.backbone.init_cfg = dict(
        type='Pretrained', checkpoint=str(path), prefix='backbone.')
    from mmdet.registry import MODELS
    with DefaultScope.overwrite_default_scope('mmdet'):
        detector = MODELS.build(cfg.model)
    detector.init_weights()
    expected = classifier.backbone.state_dict()
    loaded = detector.backbone.state_dict()
    assert set(expected) == set(loaded)
    for key, value in expected.items():
        torch.testing.assert_close(loaded[key], value, msg=key)
