import copy

import pytest
import torch
import torch.nn as nn
from mmcv.cnn.bricks import Conv2dAdaptivePadding
from mmengine.analysis import FlopAnalyzer
from mmengine.config import Config
from mmengine.registry import DefaultScope
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.models import MOAT, switch_to_deploy
from mogaseg.models.backbones.moat import MBConvBlock, MOATBlock
from mogaseg.analysis.complexity import attention_flop_jit
from mogaseg.models.backbones.moat_deploy import DeployMBConvBlock

ARCHS = [
    'moat-0', 'moat-1', 'moat-2', 'moat-3', 'moat-4', 'tiny-moat-0',
    'tiny-moat-1', 'tiny-moat-2', 'tiny-moat-3'
]
# Sizes without an ImageNet-1k config (the release trains them on
# ImageNet-22k) are checked with the MOAT-1 classifier config, arch swapped.
ARCH_CONFIGS = {
    'moat-0': 'configs/moat/moat-0_8xb128_in1k.py',
    'moat-1': 'configs/moat/moat-1_8xb128_in1k.py',
    'moat-2': 'configs/moat/moat-1_8xb128_in1k.py',
    'moat-3': 'configs/moat/moat-1_8xb128_in1k.py',
    'moat-4': 'configs/moat/moat-1_8xb128_in1k.py',
    'tiny-moat-0': 'configs/moat/tiny-moat-0_8xb128_in1k.py',
    'tiny-moat-1': 'configs/moat/tiny-moat-1_8xb128_in1k.py',
    'tiny-moat-2': 'configs/moat/tiny-moat-2_8xb128_in1k.py',
    'tiny-moat-3': 'configs/moat/tiny-moat-3_8xb128_in1k.py',
}
# google-research/deeplab2, g3doc/projects/moat_imagenet_pretrained_
# checkpoints.md: 1000-class classifiers at the published input size, with
# and without relative position embedding (PE):
# (resolution, params M with PE, FLOPs G with PE, params M no PE,
#  FLOPs G no PE). MOAT-2..4 are the ImageNet-22k pre-trained, 1k fine-tuned
# models; their FLOPs at 224 px are not in that table.
PUBLISHED = {
    'moat-0': (224, 27.8, 5.7, 27.8, 5.7),
    'moat-1': (224, 41.6, 9.1, 41.5, 9.1),
    'moat-2': (384, 73.4, 54.3, 73.2, 53.8),
    'moat-3': (512, 190.0, 271.0, 189.5, 266.1),
    'moat-4': (512, 483.2, 648.5, 482.5, 640.6),
    'tiny-moat-0': (256, 3.4, 1.1, 3.3, 1.1),
    'tiny-moat-1': (256, 5.1, 1.6, 5.1, 1.6),
    'tiny-moat-2': (256, 9.8, 3.0, 9.7, 3.0),
    'tiny-moat-3': (256, 19.5, 6.0, 19.5, 6.0),
}
# Exact trainable-parameter counts the release asserts for the same
# classifiers (deeplab2 model/pixel_encoder/moat_test.py): (PE, no PE).
OFFICIAL_PARAMS = {
    'moat-0': (27_846_892, 27_777_544),
    'moat-1': (41_598_448, 41_467_864),
    'moat-2': (73_422_408, 73_248_296),
    'moat-3': (189_958_040, 189_536_280),
    'moat-4': (483_214_184, 482_539_368),
    'tiny-moat-0': (3_355_348, 3_332_232),
    'tiny-moat-1': (5_122_895, 5_094_000),
    'tiny-moat-2': (9_772_741, 9_732_288),
    'tiny-moat-3': (19_534_390, 19_476_600),
}


def build_classifier(arch, depths=None, **backbone_overrides):
    """The 1000-class classifier of a shipped config with ``arch`` swapped
    in; ``depths`` overrides the arch's blocks per stage."""
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(ARCH_CONFIGS[arch])
    settings = MOAT.arch_zoo[arch]
    if depths is not None:
        settings = dict(settings, depths=depths)
    cfg.model.backbone.update(arch=settings, **backbone_overrides)
    cfg.model.head.in_channels = settings['embed_dims'][-1]
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return MODELS.build(cfg.model).eval()


@pytest.mark.parametrize('use_rel_pos', [True, False])
@pytest.mark.parametrize('arch', ARCHS)
def test_params_match_published(arch, use_rel_pos):
    with torch.device('meta'):  # shapes only
        model = build_classifier(arch, use_rel_pos=use_rel_pos)
    assert model.head.num_classes == 1000
    params = sum(p.numel() for p in model.parameters())
    assert params == OFFICIAL_PARAMS[arch][0 if use_rel_pos else 1]
    # the table rounds to 0.1M: 1% or that rounding, whichever is larger
    published = PUBLISHED[arch][1 if use_rel_pos else 3]
    tolerance = max(0.01, 0.05 / published)
    assert params / 1e6 == pytest.approx(published, rel=tolerance)


def classifier_flops(arch, resolution, max_depth=None):
    """FlopAnalyzer's count for the classifier at ``resolution``.

    With ``max_depth``, the analyser traces at most that many blocks per
    stage and counts the others as copies of the stage's second block: all
    blocks after the first in a stage have the same shapes, so the total is
    the same (checked below) in a fraction of the CPU time.
    """
    depths = MOAT.arch_zoo[arch]['depths']
    traced = depths if max_depth is None else \
        [min(d, max_depth) for d in depths]
    model = build_classifier(arch, depths=traced)
    analyzer = FlopAnalyzer(model, torch.rand(1, 3, resolution, resolution))
    analyzer.unsupported_ops_warnings(False)
    analyzer.uncalled_modules_warnings(False)
    # mmengine has no count for the fused attention op
    analyzer.set_op_handle('aten::scaled_dot_product_attention',
                           attention_flop_jit)
    by_module = analyzer.by_module()
    return analyzer.total() + sum(
        (depth - short) * by_module[f'backbone.stages.{i}.1']
        for i, (depth, short) in enumerate(zip(depths, traced)))


def test_flops_of_repeated_blocks_extrapolate_exactly():
    assert classifier_flops('tiny-moat-0', 96, max_depth=2) == \
        classifier_flops('tiny-moat-0', 96)


@pytest.mark.parametrize('arch', ARCHS)
def test_flops_match_published(arch):
    """FLOPs (multiply-accumulates) at the published resolution.

    Compared with the table's no-PE column: the release's profile of the PE
    models also counts the one-hot einsum that builds each layer's bias
    matrix (divided by its batch of 8), e.g. +4.9G for MOAT-3; here the bias
    is an index lookup and the PE models cost the same as the no-PE ones
    up to the resize of the tables. Published values have one decimal, so
    the tolerance is the larger of 2% and that rounding (4.5% at 1.1G).
    """
    resolution, _, _, _, published = PUBLISHED[arch]
    flops = classifier_flops(arch, resolution, max_depth=2)
    tolerance = max(0.02, 0.05 / published)
    assert flops / 1e9 == pytest.approx(published, rel=tolerance)


@pytest.mark.parametrize('arch', ARCHS)
def test_forward_shapes_every_size(arch):
    dims = MOAT.arch_zoo[arch]['embed_dims']
    # the large sizes on the meta device: shapes without the CPU time
    device = 'cpu' if arch in ('moat-0', 'tiny-moat-0') else 'meta'
    with torch.device(device), torch.no_grad():
        model = MOAT(arch, out_indices=(0, 1, 2, 3)).eval()
        outs = model(torch.rand(1, 3, 64, 96))
    assert [tuple(o.shape) for o in outs] == [(1, dims[0], 16, 24),
                                              (1, dims[1], 8, 12),
                                              (1, dims[2], 4, 6),
                                              (1, dims[3], 2, 3)]


def test_odd_input_sizes():
    model = MOAT(
        'tiny-moat-0', out_indices=(0, 3),
        window_size=(None, None, 3, 2)).eval()
    with torch.no_grad():
        outs = model(torch.rand(2, 3, 50, 70))
    assert [tuple(o.shape) for o in outs] == [(2, 32, 13, 18), (2, 256, 2, 3)]
    assert all(torch.isfinite(o).all() for o in outs)


@pytest.mark.parametrize('size', [64, 96, 100])
def test_global_attention_any_input_size(size):
    # the position tables (14, 7) are resized to whatever map size comes
    model = MOAT('tiny-moat-0').eval()
    with torch.no_grad():
        out = model(torch.rand(1, 3, size, size))[0]
    assert out.shape[-2:] == ((size + 31) // 32, ) * 2


def _copy(model, **kwargs):
    other = MOAT('tiny-moat-0', **kwargs).eval()
    other.load_state_dict(model.state_dict())
    return other


def test_window_attention_covering_the_map_equals_global():
    torch.manual_seed(0)
    global_ = MOAT('tiny-moat-0', out_indices=(2, 3)).eval()
    global_.init_weights()
    # maps of a 96x64 input: 6x4 at stride 16, 3x2 at stride 32
    windowed = _copy(global_, out_indices=(2, 3),
                     window_size=(None, None, (6, 4), (3, 2)))
    x = torch.rand(1, 3, 96, 64)
    with torch.no_grad():
        for a, b in zip(global_(x), windowed(x)):
            torch.testing.assert_close(a, b)
        # smaller windows do change the result
        local = _copy(global_, out_indices=(2, 3),
                      window_size=(None, None, 3, 2))(x)
    assert not torch.allclose(local[0], global_(x)[0])


def test_padded_windows_mask_the_padding():
    """80x112 input: 5x7 and 3x4 maps in 8x8 windows, i.e. one window per
    map, mostly padding. The padding is masked, so (without a position
    bias, whose table would be resized to 8x8 instead of the map) this is
    exactly global attention."""
    torch.manual_seed(0)
    global_ = MOAT('tiny-moat-0', out_indices=(2, 3), use_rel_pos=False)
    global_.init_weights()
    global_.eval()
    padded = MOAT('tiny-moat-0', out_indices=(2, 3), use_rel_pos=False,
                  window_size=(None, None, 8, 8)).eval()
    padded.load_state_dict(global_.state_dict())
    x = torch.rand(1, 3, 80, 112)
    with torch.no_grad():
        for a, b in zip(global_(x), padded(x)):
            torch.testing.assert_close(a, b)


def test_without_relative_position_bias():
    with_pe = MOAT('tiny-moat-0')
    no_pe = MOAT('tiny-moat-0', use_rel_pos=False)
    assert not any('rel_pos' in k for k in no_pe.state_dict())
    extra = sum(p.numel() for p in with_pe.parameters()) - sum(
        p.numel() for p in no_pe.parameters())
    # stage 3: 7 blocks x 4 heads x 27^2, stage 4: 2 blocks x 8 heads x 13^2
    assert extra == 7 * 4 * 27**2 + 2 * 8 * 13**2
    with torch.no_grad():
        out = no_pe.eval()(torch.rand(1, 3, 64, 80))[0]
    assert out.shape == (1, 256, 2, 3)


def test_global_attention_at_stage_end():
    model = MOAT('tiny-moat-0', window_size=(None, None, 7, 7),
                 global_attn_at_stage_end=True)
    windows = [b.attn.window_size for b in model.stages[2]]
    assert windows == [(7, 7)] * 6 + [None]


def test_gap_before_final_norm_and_out_act():
    torch.manual_seed(0)
    plain = MOAT('tiny-moat-0', out_indices=(2, 3)).eval()
    cls = MOAT('tiny-moat-0', out_indices=(2, 3),
               gap_before_final_norm=True).eval()
    cls.load_state_dict(plain.state_dict(), strict=False)
    act = _copy(plain, out_indices=(2, 3), out_act_cfg=dict(type='GELU'))
    x = torch.rand(2, 3, 64, 64)
    with torch.no_grad():
        feats, pooled, activated = plain(x), cls(x), act(x)
    torch.testing.assert_close(pooled[0], feats[0])
    assert pooled[1].shape == (2, 256)
    torch.testing.assert_close(pooled[1],
                               cls.final_norm(feats[1].mean(dim=(2, 3))))
    for f, a in zip(feats, activated):
        torch.testing.assert_close(a, torch.nn.functional.gelu(f))


def test_block_layout():
    model = MOAT('moat-0', drop_path_rate=0.)
    assert [len(s) for s in model.stages] == [2, 3, 7, 2]
    assert all(isinstance(b, MBConvBlock) for s in model.stages[:2]
               for b in s)
    assert all(isinstance(b, MOATBlock) for s in model.stages[2:] for b in s)
    # no SE in the MBConv of a MOAT block
    assert all(isinstance(b.mbconv.se, torch.nn.Identity)
               for s in model.stages[2:] for b in s)
    first = model.stages[0][0]
    assert first.depthwise_conv.conv.stride == (2, 2)
    assert first.se.conv1.conv.out_channels == 24  # int(96 * 0.25)
    assert model.stages[2][0].attn.num_heads == 12  # 384 / 32


def test_custom_arch_dict():
    arch = dict(stem_channels=[16], embed_dims=[16, 32, 64],
                depths=[1, 1, 2], block_types=['mbconv', 'moat', 'moat'])
    model = MOAT(arch, out_indices=(0, 1, 2), head_dims=16,
                 window_size=(None, 4, None),
                 rel_pos_size=(None, 8, 4)).eval()
    assert len(model.stem) == 1
    with torch.no_grad():
        outs = model(torch.rand(1, 3, 64, 64))
    assert [tuple(o.shape) for o in outs] == [(1, 16, 16, 16),
                                              (1, 32, 8, 8), (1, 64, 4, 4)]


@pytest.mark.parametrize('arch,error', [
    ('moat-5', KeyError),
    ('MOAT0', KeyError),
    (['moat-0'], TypeError),
    (dict(embed_dims=[8], depths=[1]), ValueError),
    (dict(stem_channels=[8], embed_dims=[8, 16], depths=[1]), ValueError),
    (dict(stem_channels=[8], embed_dims=[32], depths=[0]), ValueError),
    (dict(stem_channels=[8], embed_dims=[32], depths=[1],
          block_types=['conv']), ValueError),
    (dict(stem_channels=[8], embed_dims=[32], depths=[1], extra=1),
     ValueError),
])
def test_bad_arch_is_rejected(arch, error):
    with pytest.raises(error):
        MOAT(arch)


@pytest.mark.parametrize('kwargs,match', [
    (dict(out_indices=(4, )), 'out_indices'),
    (dict(frozen_stages=4), 'frozen_stages'),
    (dict(window_size=(7, None, None, None)), 'MBConv stage'),
    (dict(window_size=(None, None, 7)), 'window_size'),
    (dict(rel_pos_size=(None, None, None, 7)), 'rel_pos_size'),
    (dict(head_dims=48), 'head_dims'),
    (dict(out_indices=(2, ), gap_before_final_norm=True), 'last stage'),
])
def test_bad_arguments_are_rejected(kwargs, match):
    with pytest.raises(ValueError, match=match):
        MOAT('tiny-moat-0', **kwargs)


def test_out_indices_select_stages():
    model = MOAT('tiny-moat-0', out_indices=(1, -1)).eval()
    full = _copy(model, out_indices=(0, 1, 2, 3))
    x = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        part, every = model(x), full(x)
    assert [o.shape[1] for o in part] == [64, 256]
    torch.testing.assert_close(part[0], every[1])
    torch.testing.assert_close(part[1], every[3])


def test_frozen_stages():
    model = MOAT('tiny-moat-0', frozen_stages=1)
    model.train()
    for module in (model.stem, model.stages[0], model.stages[1]):
        assert all(not p.requires_grad for p in module.parameters())
        assert all(not m.training for m in module.modules())
    for module in model.stages[2:]:
        assert all(p.requires_grad for p in module.parameters())
        assert all(m.training for m in module.modules())
    bn = model.stages[1][0].pre_norm
    before = bn.running_mean.clone()
    model(torch.rand(2, 3, 64, 64))
    torch.testing.assert_close(bn.running_mean, before)
    assert not torch.equal(model.stages[2][0].mbconv.pre_norm.running_mean,
                           torch.zeros(64))


def test_norm_eval():
    model = MOAT('tiny-moat-0', norm_eval=True)
    model.train()
    bns = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    assert bns and all(not m.training for m in bns)
    assert model.stages[2][0].attn.training  # only the BNs are in eval
    assert model.stages[2][0].attn_norm.training  # LN has no statistics
    bn = model.stages[2][0].mbconv.pre_norm
    before = bn.running_mean.clone()
    model(torch.rand(2, 3, 64, 64))
    torch.testing.assert_close(bn.running_mean, before)
    model = MOAT('tiny-moat-0').train()
    assert all(m.training for m in model.modules()
               if isinstance(m, _BatchNorm))


def test_with_cp_same_output_and_gradients(assert_same_outputs_and_grads):
    torch.manual_seed(0)
    kwargs = dict(out_indices=(0, 1, 2, 3), window_size=(None, None, 3, 2))
    plain = MOAT('tiny-moat-0', **kwargs)
    plain.init_weights()
    ckpt = MOAT('tiny-moat-0', with_cp=True, **kwargs)
    ckpt.load_state_dict(plain.state_dict())
    # every block of every stage checkpoints (a MOAT block as a whole)
    assert all(b.with_cp for s in ckpt.stages for b in s)
    # eval-mode BN: the recomputation would otherwise update the statistics
    # twice, which is expected and not what this test is about
    plain.eval()
    ckpt.eval()
    x = torch.rand(2, 3, 64, 64)
    assert_same_outputs_and_grads(plain, ckpt, x)


def test_drop_path_follows_the_official_schedule():
    model = MOAT('tiny-moat-0', drop_path_rate=0.28)
    rates = []
    for stage in model.stages:
        for block in stage:
            branch = block if isinstance(block, MBConvBlock) else \
                block.mbconv
            rates.append(getattr(branch.drop_path, 'drop_prob', 0.))
            if isinstance(block, MOATBlock):  # both branches share it
                assert getattr(block.drop_path, 'drop_prob', 0.) == rates[-1]
    # block i of 14 drops with 0.28 * i / 14
    assert rates == pytest.approx([0.02 * i for i in range(14)])


def test_init_weights_follow_the_release():
    model = MOAT('tiny-moat-0')
    model.init_weights()
    weight = model.stages[2][0].attn.qkv.weight
    assert weight.std().item() == pytest.approx(0.02, rel=0.1)
    assert torch.all(model.stages[2][0].attn.qkv.bias == 0)
    assert torch.all(model.stages[0][0].pre_norm.weight == 1)
    table = model.stages[3][0].attn.rel_pos.table
    assert table.std().item() == pytest.approx(0.02, rel=0.3)


def test_pretrained_init_cfg_loads_weights(
        assert_pretrained_init_cfg_loads):
    assert_pretrained_init_cfg_loads(
        lambda **kwargs: MOAT('tiny-moat-0', **kwargs))


def test_recipe_values_of_the_configs():
    cfg = Config.fromfile('configs/moat/moat-1_8xb128_in1k.py')
    assert cfg.model.backbone.drop_path_rate == 0.3
    assert cfg.model.backbone.gap_before_final_norm
    assert cfg.model.neck is None
    assert cfg.train_cfg.max_epochs == 300
    tiny = Config.fromfile('configs/moat/tiny-moat-3_8xb128_in1k.py')
    assert tiny.model.backbone.drop_path_rate == 0.1
    crops = [t.crop_size for t in tiny.test_pipeline if 'crop_size' in t]
    assert crops == [256]
    det = Config.fromfile('configs/moat/mask-rcnn_moat-0_fpn_1x_coco.py')
    assert det.model.backbone.window_size == (None, None, 14, 7)
    assert det.model.neck.in_channels == [96, 192, 384, 768]


@pytest.mark.parametrize('window_size', [None, (None, None, 3, 2)])
def test_inference_form_matches_the_plain_model(window_size,
                                                randomize_folded_params,
                                                assert_deploy_matches_plain):
    """At 70x90 the 5x6 and 3x3 maps are padded to the 3x3 and 2x2
    windows, so the padding mask is in use."""
    torch.manual_seed(0)
    model = MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3),
                 window_size=window_size)
    randomize_folded_params(model)
    assert_deploy_matches_plain(model, torch.rand(2, 3, 70, 90))


@pytest.mark.parametrize('window_size', [None, (None, None, 3, 2)])
def test_switch_to_deploy_is_exact(window_size, randomize_folded_params):
    torch.manual_seed(0)
    kwargs = dict(arch='tiny-moat-0', out_indices=(0, 1, 2, 3),
                  window_size=window_size)
    model = MOAT(**kwargs)
    randomize_folded_params(model)
    model.eval()
    x = torch.rand(2, 3, 70, 90)
    with torch.no_grad():
        expected = model(x)
        switch_to_deploy(model)
        deployed = model(x)
    # the stem's norm went into its first conv, every MBConv's three
    # norms into its convs: no BatchNorm is left anywhere
    assert not any(isinstance(m, _BatchNorm) for m in model.modules())
    # (the first conv keeps TensorFlow's 'SAME' padding through the fold)
    assert [type(m) for m in model.stem] == [
        Conv2dAdaptivePadding, nn.GELU, nn.Conv2d
    ]
    first = model.stages[0][0]
    assert isinstance(first, DeployMBConvBlock)
    assert all(isinstance(block.mbconv, DeployMBConvBlock)
               for block in model.stages[2])
    assert isinstance(first.expand_conv[0], nn.Conv2d)
    depthwise = first.depthwise_conv[0]
    assert depthwise.groups == depthwise.in_channels
    for a, c in zip(expected, deployed):
        torch.testing.assert_close(c, a, atol=1e-4, rtol=1e-4)
    # a second switch changes nothing
    modules = list(model.modules())
    switch_to_deploy(model)
    assert list(model.modules()) == modules


def test_switch_to_deploy_leaves_other_norms():
    # GroupNorm has per-sample statistics: nothing to fold
    model = MOAT('tiny-moat-0', norm_cfg=dict(type='GN', num_groups=8))
    before = copy.deepcopy(model.state_dict())
    switch_to_deploy(model)
    assert model.state_dict().keys() == before.keys()


@pytest.mark.parametrize('gap_before_final_norm', [False, True])
def test_outputs_follow_the_input_memory_format(gap_before_final_norm):
    torch.manual_seed(0)
    model = MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3),
                 window_size=(None, None, 3, 2),
                 gap_before_final_norm=gap_before_final_norm).eval()
    x = torch.rand(2, 3, 70, 90)
    x_cl = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        outs, outs_cl = model(x), model(x_cl)
    for out, out_cl in zip(outs, outs_cl):
        torch.testing.assert_close(out_cl, out)
        assert out.is_contiguous()  # what necks and heads always got
        if out.dim() == 4:
            assert out_cl.is_contiguous(memory_format=torch.channels_last)
    if gap_before_final_norm:
        assert outs_cl[-1].shape == (2, 256)


@pytest.mark.parametrize('channels_last', [True, False])
def test_moat_block_any_layout(channels_last):
    """MOAT feeds its blocks channels_last maps, which they keep without
    copies; a block used on its own takes an NCHW map too."""
    torch.manual_seed(0)
    block = MOATBlock(32, 32, head_dims=16, window_size=3,
                      rel_pos_size=3).eval()
    x = torch.rand(2, 32, 7, 8)
    with torch.no_grad():
        expected = block(x)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        out = block(x)
    torch.testing.assert_close(out, expected)
    if channels_last:
        assert out.is_contiguous(memory_format=torch.channels_last)
