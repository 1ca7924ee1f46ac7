import copy

import pytest
import torch
from mmengine.analysis import FlopAnalyzer
from mmengine.config import Config
from mmengine.registry import DefaultScope
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.models import MogaNet, switch_to_deploy
from mogaseg.models.backbones.moganet import (MogaBlock,
                                              MultiOrderGatedAggregation)
from mogaseg.models.backbones.moganet_deploy import DeployMogaBlock

_XTINY = dict(arch='xtiny', out_indices=(0, 1, 2, 3))
ARCHS = ['xtiny', 'tiny', 'small', 'base', 'large', 'xlarge']
ARCH_CONFIGS = {
    'xtiny': 'configs/moganet/moganet-xtiny_8xb128_in1k.py',
    'tiny': 'configs/moganet/moganet-tiny_8xb128_in1k.py',
    'small': 'configs/moganet/moganet-small_8xb128_in1k.py',
    'base': 'configs/moganet/moganet-base_8xb128_in1k.py',
    'large': 'configs/moganet/moganet-large_8xb64_in1k.py',
    'xlarge': 'configs/moganet/moganet-xlarge_8xb64_in1k.py',
}
# The MogaNet paper / release table: ImageNet-1k classifier at 224x224,
# params in M and FLOPs (multiply-accumulates) in G.
PUBLISHED = {
    'xtiny': (2.97, 0.80),
    'tiny': (5.20, 1.10),
    'small': (25.3, 4.97),
    'base': (43.9, 9.93),
    'large': (82.5, 15.9),
    'xlarge': (180.8, 34.5),
}


@pytest.mark.parametrize('arch', ARCHS)
def test_forward_shapes_every_size(arch):
    model = MogaNet(arch, out_indices=(0, 1, 2, 3)).eval()
    dims = MogaNet.arch_zoo[arch]['embed_dims']
    with torch.no_grad():
        outs = model(torch.rand(1, 3, 64, 64))
    assert [tuple(o.shape) for o in outs] == [(1, dims[0], 16, 16),
                                              (1, dims[1], 8, 8),
                                              (1, dims[2], 4, 4),
                                              (1, dims[3], 2, 2)]


def test_odd_input_size_and_short_names():
    model = MogaNet('xt', out_indices=(0, 3)).eval()
    with torch.no_grad():
        outs = model(torch.rand(2, 3, 50, 70))
    assert [tuple(o.shape) for o in outs] == [(2, 32, 13, 18), (2, 192, 2, 3)]


@pytest.mark.parametrize('arch', ARCHS)
def test_params_and_flops_match_published(arch):
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(ARCH_CONFIGS[arch])
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        model = MODELS.build(cfg.model).eval()
    assert model.head.num_classes == 1000
    params = sum(p.numel() for p in model.parameters()) / 1e6
    analyzer = FlopAnalyzer(model, torch.rand(1, 3, 224, 224))
    analyzer.unsupported_ops_warnings(False)
    analyzer.uncalled_modules_warnings(False)
    flops = analyzer.total() / 1e9
    published_params, published_flops = PUBLISHED[arch]
    assert params == pytest.approx(published_params, rel=0.01)
    assert flops == pytest.approx(published_flops, rel=0.02)


def test_custom_arch_dict():
    arch = dict(embed_dims=[8, 16, 24, 32], depths=[1, 1, 2, 1],
                ffn_ratios=[2, 2, 2, 2])
    model = MogaNet(arch, out_indices=(0, 1, 2, 3)).eval()
    assert len(model.blocks3) == 2
    outs = model(torch.rand(1, 3, 32, 32))
    assert [o.shape[1] for o in outs] == [8, 16, 24, 32]


@pytest.mark.parametrize('arch,error', [
    ('huge', KeyError),
    (dict(embed_dims=[8], depths=[1]), ValueError),
    (dict(embed_dims=[8, 16], depths=[1], ffn_ratios=[2, 2]), ValueError),
])
def test_bad_arch_is_rejected(arch, error):
    with pytest.raises(error):
        MogaNet(arch)


def test_bad_indices_are_rejected():
    with pytest.raises(ValueError, match='out_indices'):
        MogaNet('xtiny', out_indices=(4, ))
    with pytest.raises(ValueError, match='frozen_stages'):
        MogaNet('xtiny', frozen_stages=4)


def test_out_indices_select_stages():
    model = MogaNet('xtiny', out_indices=(1, -1)).eval()
    outs = model(torch.rand(1, 3, 64, 64))
    assert [o.shape[1] for o in outs] == [64, 192]
    full = MogaNet('xtiny', out_indices=(0, 1, 2, 3)).eval()
    full.load_state_dict(model.state_dict())
    x = torch.rand(1, 3, 64, 64)
    full_outs, part_outs = full(x), model(x)
    torch.testing.assert_close(part_outs[0], full_outs[1])
    torch.testing.assert_close(part_outs[1], full_outs[3])


def test_frozen_stages():
    model = MogaNet('xtiny', frozen_stages=1)
    model.train()
    for i in (1, 2):
        for name in (f'patch_embed{i}', f'blocks{i}', f'norm{i}'):
            module = getattr(model, name)
            assert all(not p.requires_grad for p in module.parameters())
            assert all(not m.training for m in module.modules())
    for name in ('patch_embed3', 'blocks3', 'norm3', 'blocks4'):
        module = getattr(model, name)
        assert all(p.requires_grad for p in module.parameters())
        assert all(m.training for m in module.modules())
    # Frozen BN statistics do not move in a training forward.
    before = model.norm1.running_mean.clone()
    model(torch.rand(2, 3, 64, 64))
    torch.testing.assert_close(model.norm1.running_mean, before)
    assert not torch.equal(model.norm3.running_mean,
                           torch.zeros_like(model.norm3.running_mean))


def test_norm_eval():
    model = MogaNet('xtiny', norm_eval=True)
    model.train()
    bns = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    assert bns and all(not m.training for m in bns)
    assert model.blocks1[0].attn.training  # only the norms are in eval
    before = model.norm3.running_mean.clone()
    model(torch.rand(2, 3, 64, 64))
    torch.testing.assert_close(model.norm3.running_mean, before)

    model = MogaNet('xtiny', norm_eval=False).train()
    bns = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    assert all(m.training for m in bns)


def test_with_cp_same_output_and_gradients(assert_same_outputs_and_grads):
    torch.manual_seed(0)
    plain = MogaNet('xtiny', out_indices=(0, 1, 2, 3), drop_path_rate=0.)
    plain.init_weights()
    ckpt = MogaNet('xtiny', out_indices=(0, 1, 2, 3), with_cp=True)
    ckpt.load_state_dict(plain.state_dict())
    assert all(b.with_cp for b in ckpt.modules() if isinstance(b, MogaBlock))
    # eval-mode norms: BN statistics would otherwise be updated twice by the
    # recomputation, which is expected and not what this test is about.
    plain.eval()
    ckpt.eval()
    x = torch.rand(2, 3, 64, 64)
    assert_same_outputs_and_grads(plain, ckpt, x)


def _moganet_with_scales(randomize_folded_params, **kwargs):
    torch.manual_seed(0)
    model = MogaNet(**_XTINY, **kwargs)
    # Layer scales and decomposition scales far from their 1e-5 init, so
    # that every branch the optimisations touch reaches the output.
    return randomize_folded_params(
        model, scale_names=('layer_scale', 'sigma'))


def test_inference_form_matches_the_plain_model(randomize_folded_params,
                                                assert_deploy_matches_plain):
    # The BatchNorms and scales fold into the 1x1 convs; the gate's and
    # the depth-wise conv's activations run inside their convs' kernels.
    assert_deploy_matches_plain(
        _moganet_with_scales(randomize_folded_params),
        torch.rand(2, 3, 64, 80))


def test_channels_last_matches_and_propagates(randomize_folded_params):
    model = _moganet_with_scales(randomize_folded_params).eval()
    x = torch.rand(2, 3, 64, 80)
    with torch.no_grad():
        expected = model(x)
        model = model.to(memory_format=torch.channels_last)
        outs = model(x.contiguous(memory_format=torch.channels_last))
    for out, exp in zip(outs, expected):
        assert out.is_contiguous(memory_format=torch.channels_last)
        torch.testing.assert_close(out, exp, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('channels_last', [False, True])
def test_switch_to_deploy_folds_norms_and_scales(channels_last,
                                                 randomize_folded_params):
    model = _moganet_with_scales(randomize_folded_params).eval()
    x = torch.rand(2, 3, 64, 80)
    with torch.no_grad():
        expected = model(x)
    num_blocks = sum(model.depths)
    # Every block, the stem and the three down-sampling embeddings.
    assert switch_to_deploy(model) == num_blocks + 4
    norms = [m for m in model.modules() if isinstance(m, _BatchNorm)]
    assert len(norms) == model.num_stages  # only the stage-output norms
    assert not any('layer_scale' in name or 'sigma' in name
                   for name, _ in model.named_parameters())
    if channels_last:
        model = model.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        outs = model(x)
        state = {k: v.clone() for k, v in model.state_dict().items()}
        switch_to_deploy(model)  # a second switch changes nothing
        again = model(x)
    for out, exp, out2 in zip(outs, expected, again):
        torch.testing.assert_close(out, exp, rtol=1e-4, atol=1e-4)
        assert torch.equal(out, out2)
    assert state.keys() == model.state_dict().keys()


def test_switch_to_deploy_leaves_other_norms():
    model = MogaNet('xtiny', norm_cfg=dict(type='GN', num_groups=1)).eval()
    state = model.state_dict()
    switch_to_deploy(model)
    assert model.state_dict().keys() == state.keys()
    assert not any(
        isinstance(b, DeployMogaBlock) for b in model.modules())
    assert sum(isinstance(b, MogaBlock) for b in model.modules()) == 18


def test_deploy_keeps_attn_force_fp32(randomize_folded_params):
    model = _moganet_with_scales(
        randomize_folded_params, attn_force_fp32=True).eval()
    switch_to_deploy(model)
    block = model.blocks1[0]
    assert isinstance(block, DeployMogaBlock)
    seen = {}

    def record_dtype(module, inputs, output):
        seen['dtype'] = output.dtype

    block.proj_2.register_forward_hook(record_dtype)
    with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16):
        model(torch.rand(1, 3, 64, 64))
    assert seen['dtype'] == torch.float32


@pytest.mark.parametrize('force_fp32', [False, True])
def test_attn_force_fp32_under_autocast(force_fp32):
    attn = MultiOrderGatedAggregation(16, attn_force_fp32=force_fp32).eval()
    seen = {}

    def record_dtype(module, inputs, output):
        seen['dtype'] = output.dtype

    attn.proj_2.register_forward_hook(record_dtype)
    with torch.autocast('cpu', dtype=torch.bfloat16):
        attn(torch.rand(1, 16, 8, 8))
    assert seen['dtype'] == (torch.float32 if force_fp32 else torch.bfloat16)


def test_drop_path_rates_increase_linearly():
    model = MogaNet('xtiny', drop_path_rate=0.2)
    rates = [
        getattr(b.drop_path, 'drop_prob', 0.) for b in model.modules()
        if isinstance(b, MogaBlock)
    ]
    assert len(rates) == 18
    assert rates[0] == 0. and rates[-1] == pytest.approx(0.2)
    assert all(a < b for a, b in zip(rates, rates[1:]))


def test_init_weights_follow_paper():
    model = MogaNet('xtiny')
    model.init_weights()
    conv = model.blocks1[0].attn.value.DW_conv0  # depth-wise 5x5, 32 ch
    std = conv.weight.std().item()
    # fan-out per group: 5 * 5 * 32 / 32 = 25 -> std sqrt(2 / 25) = 0.283
    assert std == pytest.approx((2 / 25)**0.5, rel=0.15)
    assert torch.all(model.blocks1[0].attn.sigma.scale == 1e-5)


def test_init_cfg_applies_after_the_paper_initialisation():
    """A list ``init_cfg`` without ``Pretrained``: the paper's
    initialisation first, then the list's entries on top of it."""
    model = MogaNet('xtiny', init_cfg=[
        dict(type='Constant', layer='Conv2d', val=0.5, bias=0.)])
    model.init_weights()
    assert torch.all(model.blocks1[0].attn.gate.weight == 0.5)
    # the paper's layer scales are untouched by the Conv2d entry
    assert torch.all(model.blocks1[0].layer_scale_1 == 1e-5)


def test_pretrained_init_cfg_loads_weights(
        assert_pretrained_init_cfg_loads):
    assert_pretrained_init_cfg_loads(
        lambda **kwargs: MogaNet('xtiny', **kwargs))


@pytest.mark.parametrize('channels_last,internal', [('auto', True),
                                                    (False, False),
                                                    (True, True)])
def test_memory_format_is_chosen_at_the_input(channels_last, internal,
                                              assert_matches_reference):
    """On CPU, 'auto' computes in channels_last and still hands the neck
    channels-first maps for a channels-first input."""
    model = MogaNet('xtiny', out_indices=(0, 1, 2, 3),
                    channels_last=channels_last).eval()
    seen = []
    model.blocks2[0].register_forward_hook(
        lambda module, args, out: seen.append(out))
    with torch.no_grad():
        outs = model(torch.rand(2, 3, 64, 64))
    assert seen[0].is_contiguous(memory_format=torch.channels_last) \
        == internal and seen[0].is_contiguous() != internal
    assert all(out.is_contiguous() for out in outs)
    channels_first = copy.deepcopy(model)
    channels_first.channels_last = False
    assert_matches_reference(model, channels_first, torch.rand(2, 3, 64, 64))


def test_channels_last_option_is_checked():
    with pytest.raises(ValueError, match="True, False or 'auto'"):
        MogaNet('xtiny', channels_last='yes')
