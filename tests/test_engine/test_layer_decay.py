"""Layer-wise learning-rate decay through mmpretrain's constructor, for
every backbone family and task."""
import pytest
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import DefaultScope

from mogaseg.apis import build_model_from_config, model_info


def _groups(name, cfg_options=None):
    config = Config.fromfile(model_info(name).config)
    if cfg_options:
        config.merge_from_dict(cfg_options)
    model = build_model_from_config(config, init_weights=False)
    with DefaultScope.overwrite_default_scope(config.default_scope):
        wrapper = build_optim_wrapper(model, config.optim_wrapper)
    return model, {
        g['param_name']: g for g in wrapper.optimizer.param_groups
    }, config.optim_wrapper.optimizer.lr


def test_release_rule_in_the_cascade_config():
    model, groups, lr = _groups(
        'cascade-mask-rcnn_moganet-base_fpn_4conv1fc-giou_ms-crop-3x_coco')
    # the release: depth d of 14 gets 0.8 ** (14 - d - 1)
    expected = {
        'backbone.patch_embed1.projection.0.weight': 0,
        'backbone.blocks1.0.attn.gate.weight': 2,
        'backbone.blocks2.2.attn.gate.weight': 3,
        'backbone.patch_embed3.projection.weight': 4,
        'backbone.blocks3.5.attn.gate.weight': 5,
        'backbone.blocks3.21.attn.gate.weight': 11,
        'backbone.blocks4.0.attn.gate.weight': 12,
        'backbone.norm4.weight': 13,
        'neck.lateral_convs.0.conv.weight': 13,
        'roi_head.bbox_head.0.fc_cls.weight': 13,
    }
    for name, depth in expected.items():
        assert groups[name]['layer_id'] == depth, name
        assert groups[name]['lr'] == pytest.approx(lr * 0.8**(13 - depth))
    # every parameter is in a group, none twice
    assert len(groups) == sum(
        p.requires_grad for p in model.parameters())
    # the inherited no-decay keys still apply
    assert groups['backbone.blocks1.0.layer_scale_1']['weight_decay'] == 0


@pytest.mark.parametrize('name', [
    'van-b0_8xb128_in1k', 'upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512',
    'mask-rcnn_tiny-moat-0_fpn_1x_coco'
])
def test_every_family_and_task(name):
    _, groups, lr = _groups(
        name, {
            'optim_wrapper.constructor':
            'mogaseg.LearningRateDecayOptimWrapperConstructor',
            'optim_wrapper.paramwise_cfg.layer_decay_rate': 0.5
        })
    depths = {g['layer_id'] for g in groups.values()}
    assert min(depths) == 0 and max(depths) == 13
    for group in groups.values():
        assert group['lr'] == pytest.approx(
            lr * 0.5**(13 - group['layer_id']))
