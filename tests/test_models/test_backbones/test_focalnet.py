import json
import os.path as osp

import pytest
import torch
import torch.nn as nn
from mmengine.analysis import FlopAnalyzer
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mogaseg.models import FocalNet
from mogaseg.models.backbones.focalnet import FocalModulationBlock
from mogaseg.models.backbones.focalnet_deploy import DeployFocalNetBlock
from mogaseg.models.backbones.focalnet_release import (
    convert_focalnet_official, focalnet_official_to_backbone)

ARCHS = list(FocalNet.arch_zoo)
ISOTROPIC_ARCHS = ['tiny-iso', 'small-iso', 'base-iso']
HIERARCHICAL_ARCHS = [a for a in ARCHS if a not in ISOTROPIC_ARCHS]
IN1K_ARCHS = ['tiny-srf', 'tiny-lrf', 'small-srf', 'small-lrf', 'base-srf',
              'base-lrf', *ISOTROPIC_ARCHS]
# microsoft/FocalNet README, "ImageNet-1K" and "ImageNet-22K Pretraining"
# tables: params (M) and FLOPs (G, multiply-accumulates) of the classifiers
# at 224x224. The ImageNet-22k table (large/xlarge/huge) gives params only,
# rounded to 1M, and no FLOPs: those are None here and not checked. Its
# params match a 1000-class head (the released 21842-class heads would add
# 32-59M), and the 1% tolerance covers the rounding.
PUBLISHED = {
    'tiny-srf': (28.4, 4.4),
    'tiny-lrf': (28.6, 4.5),
    'small-srf': (49.9, 8.6),
    'small-lrf': (50.3, 8.7),
    'base-srf': (88.1, 15.3),
    'base-lrf': (88.7, 15.4),
    'large-fl3': (207, None),
    'large-fl4': (207, None),
    'xlarge-fl3': (366, None),
    'xlarge-fl4': (366, None),
    'huge-fl3': (687, None),
    'huge-fl4': (689, None),
    # "Strict comparison with isotropic ViT models"
    'tiny-iso': (5.9, 1.1),
    'small-iso': (22.4, 4.3),
    'base-iso': (87.2, 16.9),
}
FIXTURE = osp.join(
    osp.dirname(osp.dirname(osp.dirname(__file__))), 'data',
    'focalnet_tiny_srf_official_keys.json')


def _official_state_dict(seed=0):
    """Random tensors with the names and shapes of the published
    FocalNet-T-SRF checkpoint (tests/data fixture)."""
    with open(FIXTURE) as f:
        keys = json.load(f)['keys']
    gen = torch.Generator().manual_seed(seed)
    return {k: torch.randn(shape, generator=gen) for k, shape in keys.items()}


def _build_classifier(cfg):
    from mmpretrain.registry import MODELS
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return MODELS.build(cfg)


def _classifier_cfg(arch):
    if arch in IN1K_ARCHS:
        return Config.fromfile(
            f'configs/focalnet/focalnet-{arch}_8xb128_in1k.py').model
    return dict(
        type='ImageClassifier',
        backbone=dict(type='mogaseg.FocalNet', arch=arch),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=1000,
            in_channels=FocalNet.arch_zoo[arch]['embed_dims'][-1]))


@pytest.mark.parametrize('arch', HIERARCHICAL_ARCHS)
def test_forward_shapes_every_size(arch):
    model = FocalNet(arch, out_indices=(0, 1, 2, 3)).eval()
    dims = FocalNet.arch_zoo[arch]['embed_dims']
    with torch.no_grad():
        outs = model(torch.rand(1, 3, 32, 32))
    assert [tuple(o.shape) for o in outs] == [(1, dims[0], 8, 8),
                                              (1, dims[1], 4, 4),
                                              (1, dims[2], 2, 2),
                                              (1, dims[3], 1, 1)]


@pytest.mark.parametrize('arch', ARCHS)
def test_params_and_flops_match_published(arch):
    published_params, published_flops = PUBLISHED[arch]
    cfg = _classifier_cfg(arch)
    if published_flops is None:
        # params only: build without allocating the weights
        with torch.device('meta'):
            model = _build_classifier(cfg)
    else:
        model = _build_classifier(cfg).eval()
    assert model.head.num_classes == 1000
    params = sum(p.numel() for p in model.parameters()) / 1e6
    assert params == pytest.approx(published_params, rel=0.01)
    if published_flops is None:
        return
    analyzer = FlopAnalyzer(model, torch.rand(1, 3, 224, 224))
    analyzer.unsupported_ops_warnings(False)
    analyzer.uncalled_modules_warnings(False)
    flops = analyzer.total() / 1e9
    assert flops == pytest.approx(published_flops, rel=0.02)


@pytest.mark.parametrize('arch', ISOTROPIC_ARCHS)
def test_isotropic_archs_have_one_stride_16_stage(arch):
    model = FocalNet(arch).eval()
    assert model.num_stages == 1 and model.depths == [12]
    assert model.out_indices == (0, )
    assert model.patch_embed.stride == 16
    with torch.no_grad():
        out, = model(torch.rand(1, 3, 64, 50))
    assert tuple(out.shape) == (1, model.embed_dims[0], 4, 4)  # 50 -> pad 64
    # layer-wise decay counts its blocks like a ViT's
    depth = model.get_layer_depth
    assert depth('backbone.patch_embed.proj.weight', 'backbone.') == (0, 14)
    assert depth('backbone.layers.0.blocks.11.mlp.fc2.bias',
                 'backbone.') == (12, 14)
    assert depth('backbone.norm0.weight', 'backbone.') == (13, 14)
    assert depth('head.fc.weight', 'backbone.') == (13, 14)


def test_isotropic_base_loads_the_official_layout():
    """The released isotropic FocalNet-B (layer scale, post-norm, one
    stage) loads strictly into the config's classifier, every tensor in
    its place (tests/data: the key names and shapes of its definition)."""
    with open(osp.join(osp.dirname(FIXTURE),
                       'focalnet_base_iso_official_keys.json')) as f:
        keys = json.load(f)['keys']
    gen = torch.Generator().manual_seed(0)
    official = {k: torch.randn(shape, generator=gen)
                for k, shape in keys.items()}
    model = _build_classifier(_classifier_cfg('base-iso'))
    model.load_state_dict(convert_focalnet_official(official), strict=True)
    torch.testing.assert_close(model.backbone.norm0.bias,
                               official['norm.bias'])
    torch.testing.assert_close(model.backbone.layers[0].blocks[3].gamma_2,
                               official['layers.0.blocks.3.gamma_2'])
    torch.testing.assert_close(model.head.fc.weight, official['head.weight'])


def test_odd_input_size_is_padded():
    model = FocalNet('tiny-srf', out_indices=(0, 1, 2, 3)).eval()
    with torch.no_grad():
        outs = model(torch.rand(2, 3, 50, 70))
    assert [tuple(o.shape[2:]) for o in outs] == [(13, 18), (7, 9), (4, 5),
                                                  (2, 3)]
    arch = dict(
        embed_dims=[8, 16, 24, 32],
        depths=[1, 1, 1, 1],
        focal_levels=[2] * 4,
        focal_windows=[3] * 4,
        use_conv_embed=True)
    with torch.no_grad():
        outs = FocalNet(arch, out_indices=(0, 3)).eval()(
            torch.rand(1, 3, 45, 33))
    assert [tuple(o.shape[2:]) for o in outs] == [(12, 9), (2, 2)]


def test_custom_arch_dict_and_flags():
    arch = dict(
        embed_dims=[8, 16, 24, 32],
        depths=[1, 1, 2, 1],
        focal_levels=[1, 2, 3, 4],
        focal_windows=[3, 3, 5, 7],
        use_layerscale=True)
    model = FocalNet(arch, out_indices=(0, 1, 2, 3)).eval()
    assert len(model.layers[2].blocks) == 2
    modulation = model.layers[3].blocks[0].modulation
    assert modulation.kernel_sizes == [7, 9, 11, 13]
    assert modulation.f.out_features == 2 * 32 + 4 + 1
    assert model.layers[0].blocks[0].gamma_1.shape == (8, )
    outs = model(torch.rand(1, 3, 32, 32))
    assert [o.shape[1] for o in outs] == [8, 16, 24, 32]


def test_published_flags_of_the_large_sizes():
    zoo = FocalNet.arch_zoo
    for arch in HIERARCHICAL_ARCHS:
        large = arch.split('-')[0] in ('large', 'xlarge', 'huge')
        for flag in ('use_conv_embed', 'use_postln', 'use_layerscale'):
            assert zoo[arch][flag] is large, (arch, flag)
        assert zoo[arch]['normalize_modulator'] is (arch == 'large-fl4')
        assert zoo[arch]['use_postln_in_modulation'] is \
            arch.startswith('huge')
    # the isotropic base adds layer scale and post-norm, nothing else
    for arch in ISOTROPIC_ARCHS:
        base = arch == 'base-iso'
        assert zoo[arch]['use_layerscale'] is base
        assert zoo[arch]['use_postln'] is base
        assert not zoo[arch]['use_conv_embed']
    assert zoo['large-fl3']['focal_windows'] == [5] * 4
    assert zoo['xlarge-fl4']['focal_levels'] == [4] * 4


def test_options_override_the_arch():
    model = FocalNet('tiny-srf')
    block = model.layers[0].blocks[0]
    assert block.gamma_1 is None and not block.use_postln
    assert block.modulation.ln is None
    assert model.patch_embed.proj.kernel_size == (4, 4)

    model = FocalNet(
        'tiny-srf',
        use_conv_embed=True,
        use_postln=True,
        use_layerscale=True,
        layerscale_value=0.5,
        normalize_modulator=True,
        use_postln_in_modulation=True,
        focal_levels=(1, 1, 1, 1),
        focal_windows=(9, 9, 9, 9))
    block = model.layers[0].blocks[0]
    assert block.use_postln and block.modulation.normalize_modulator
    assert torch.all(block.gamma_2 == 0.5)
    assert isinstance(block.modulation.ln, nn.LayerNorm)
    assert block.modulation.kernel_sizes == [9]
    assert model.patch_embed.proj.kernel_size == (7, 7)
    assert model.layers[0].downsample.proj.kernel_size == (3, 3)
    # False overrides a flag the arch sets
    arch = dict(FocalNet.arch_zoo['large-fl4'], depths=[1, 1, 1, 1],
                embed_dims=[8, 16, 24, 32])
    model = FocalNet(arch, use_layerscale=False, normalize_modulator=False)
    block = model.layers[0].blocks[0]
    assert block.gamma_1 is None and block.use_postln
    assert not block.modulation.normalize_modulator


@pytest.mark.parametrize('arch,kwargs,error,match', [
    ('tiny', {}, KeyError, 'Unknown FocalNet arch'),
    (['tiny-srf'], {}, TypeError, 'str or a dict'),
    (dict(embed_dims=[8], depths=[1], focal_levels=[2]), {}, ValueError,
     'missing'),
    (dict(embed_dims=[8], depths=[1], focal_levels=[2], focal_windows=[3],
          mlp_ratio=2), {}, ValueError, 'unknown'),
    (dict(embed_dims=[8, 16], depths=[1], focal_levels=[2, 2],
          focal_windows=[3, 3]), {}, ValueError, 'same length'),
    (dict(embed_dims=8, depths=[1], focal_levels=[2], focal_windows=[3]),
     {}, ValueError, 'sequence'),
    ('tiny-srf', dict(focal_levels=(2, 2)), ValueError, 'focal_levels'),
    ('tiny-srf', dict(out_indices=(4, )), ValueError, 'out_indices'),
    ('tiny-srf', dict(frozen_stages=4), ValueError, 'frozen_stages'),
])
def test_bad_arguments_are_rejected(arch, kwargs, error, match):
    with pytest.raises(error, match=match):
        FocalNet(arch, **kwargs)


def test_out_indices_select_stages():
    model = FocalNet('tiny-srf', out_indices=(1, -1)).eval()
    assert model.out_indices == (1, 3)
    assert not hasattr(model, 'norm0') and hasattr(model, 'norm3')
    full = FocalNet('tiny-srf', out_indices=(0, 1, 2, 3)).eval()
    full.load_state_dict(model.state_dict(), strict=False)
    x = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        full_outs, part_outs = full(x), model(x)
        assert len(FocalNet('tiny-srf', out_indices=2).eval()(x)) == 1
    torch.testing.assert_close(part_outs[0], full_outs[1])
    torch.testing.assert_close(part_outs[1], full_outs[3])


def test_frozen_stages():
    model = FocalNet('tiny-srf', frozen_stages=1, out_indices=(0, 1, 2, 3))
    model.train()
    frozen = [model.patch_embed, model.layers[0].blocks, model.norm0,
              model.layers[0].downsample, model.layers[1].blocks,
              model.norm1]
    trainable = [model.layers[1].downsample, model.layers[2].blocks,
                 model.norm2, model.layers[3].blocks, model.norm3]
    for module in frozen:
        assert all(not p.requires_grad for p in module.parameters())
        assert all(not m.training for m in module.modules())
    for module in trainable:
        assert all(p.requires_grad for p in module.parameters())
        assert all(m.training for m in module.modules())
    sum(o.sum() for o in model(torch.rand(1, 3, 64, 64))).backward()
    assert model.layers[1].blocks[0].mlp.fc1.weight.grad is None
    assert model.layers[2].blocks[0].mlp.fc1.weight.grad is not None


def test_norm_eval():
    model = FocalNet('tiny-srf', norm_eval=True).train()
    norms = [m for m in model.modules() if isinstance(m, nn.LayerNorm)]
    assert norms and all(not m.training for m in norms)
    assert model.layers[0].blocks[0].modulation.training
    model = FocalNet('tiny-srf', norm_eval=False).train()
    assert all(m.training for m in model.modules())


def test_with_cp_same_output_and_gradients(assert_same_outputs_and_grads):
    torch.manual_seed(0)
    arch = dict(FocalNet.arch_zoo['tiny-srf'], depths=[1, 1, 2, 1])
    plain = FocalNet(arch, out_indices=(0, 1, 2, 3), drop_path_rate=0.)
    plain.init_weights()
    ckpt = FocalNet(arch, out_indices=(0, 1, 2, 3), drop_path_rate=0.,
                    with_cp=True)
    ckpt.load_state_dict(plain.state_dict())
    assert all(b.with_cp for b in ckpt.modules()
               if isinstance(b, FocalModulationBlock))
    x = torch.rand(2, 3, 32, 32)
    assert_same_outputs_and_grads(plain, ckpt, x)


def _small_focalnet_kwargs(flags: bool) -> dict:
    """Tiny-SRF widths with fewer blocks; ``flags`` turns on every option
    of the large models (post-norm, layer scale, conv embedding, LN in the
    modulation, normalised modulator) and three focal levels."""
    arch = dict(FocalNet.arch_zoo['tiny-srf'], depths=[1, 1, 2, 1])
    if flags:
        arch.update(focal_levels=[3] * 4, use_conv_embed=True,
                    use_postln=True, use_layerscale=True,
                    use_postln_in_modulation=True, normalize_modulator=True)
    return dict(arch=arch, out_indices=(0, 1, 2, 3), drop_path_rate=0.)


def _small_focalnet(flags: bool) -> FocalNet:
    torch.manual_seed(0)
    model = FocalNet(**_small_focalnet_kwargs(flags))
    model.init_weights()
    with torch.no_grad():  # layer scales far from their 1e-4 init
        for name, param in model.named_parameters():
            if 'gamma' in name:
                param.uniform_(-0.5, 0.5)
    return model


@pytest.mark.parametrize('flags', [False, True])
def test_inference_form_matches_the_plain_model(flags,
                                                assert_deploy_matches_plain):
    # The inference form runs f as three dense GEMMs, adds the biases,
    # GELU, the modulation product and (pre-norm) the layer-scaled
    # residuals inside the GEMMs; 70x90 is padded by every patch embedding.
    for deployed in assert_deploy_matches_plain(_small_focalnet(flags),
                                                torch.rand(2, 3, 70, 90)):
        assert all(
            isinstance(block, DeployFocalNetBlock)
            for stage in deployed.layers for block in stage.blocks)


@pytest.mark.parametrize('channels_last', [False, True])
def test_outputs_follow_the_input_memory_format(channels_last):
    model = _small_focalnet(flags=False).eval()
    x = torch.rand(2, 3, 64, 64)
    with torch.no_grad():
        expected = model(x)
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        outs = model(x)
    for out, exp in zip(outs, expected):
        fmt = torch.channels_last if channels_last else \
            torch.contiguous_format
        assert out.is_contiguous(memory_format=fmt)
        torch.testing.assert_close(out, exp, rtol=1e-5, atol=1e-5)


def test_drop_path_rates_increase_linearly():
    model = FocalNet('tiny-srf', drop_path_rate=0.2)
    rates = [
        getattr(b.drop_path, 'drop_prob', 0.) for b in model.modules()
        if isinstance(b, FocalModulationBlock)
    ]
    assert len(rates) == 12
    assert rates[0] == 0. and rates[-1] == pytest.approx(0.2)
    assert all(a < b for a, b in zip(rates, rates[1:]))


def test_init_weights_follow_paper():
    model = FocalNet('tiny-srf')
    model.init_weights()
    fc1 = model.layers[2].blocks[0].mlp.fc1
    assert fc1.weight.std().item() == pytest.approx(0.02, rel=0.1)
    assert torch.all(fc1.bias == 0)


# Published checkpoints: key names from tests/data (built once from the
# official model definition); the values are random.


def test_fixture_is_the_official_tiny_srf_layout():
    official = _official_state_dict()
    assert len(official) == 212
    assert official['layers.0.blocks.0.modulation.f.weight'].shape == (195,
                                                                       96)
    assert sum(v.numel() for v in official.values()) == 28427116


def test_backbone_loads_official_keys_strictly():
    official = _official_state_dict()
    backbone_sd = {
        k: v
        for k, v in official.items() if not k.startswith('head.')
    }
    model = FocalNet('tiny-srf')
    model.load_state_dict(backbone_sd, strict=True)  # the hook maps `norm`
    torch.testing.assert_close(model.norm3.weight, official['norm.weight'])
    # the converter gives the same result
    converted = focalnet_official_to_backbone(backbone_sd)
    assert set(converted) == set(model.state_dict())
    FocalNet('tiny-srf').load_state_dict(converted, strict=True)


def test_pretrained_init_cfg_loads_official_checkpoint(tmp_path):
    official = _official_state_dict()
    path = tmp_path / 'focalnet_tiny_srf.pth'
    # the release's layout, with some training state next to the weights
    torch.save({'model': official, 'epoch': 299, 'max_accuracy': 82.}, path)
    model = FocalNet(
        'tiny-srf', init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    model.init_weights()
    state = model.state_dict()
    for key, value in state.items():
        source = official['norm.' + key[6:] if key.startswith('norm3.')
                          else key]
        torch.testing.assert_close(value, source, msg=key)


def test_dense_windows_load_padded_kernels(tmp_path):
    """The dense-task configs use focal window 9: the 3x3/5x5 ImageNet
    kernels are zero-padded to 9x9/11x11, which leaves the function
    unchanged."""
    official = _official_state_dict()
    official = {
        k: v * 0.1 if v.dim() > 1 else v
        for k, v in official.items()
    }
    path = tmp_path / 'focalnet_tiny_srf.pth'
    torch.save({'model': official}, path)
    small = FocalNet(
        'tiny-srf',
        out_indices=(3, ),
        init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    wide = FocalNet(
        'tiny-srf',
        focal_windows=(9, 9, 9, 9),
        out_indices=(0, 1, 2, 3),
        init_cfg=dict(type='Pretrained', checkpoint=str(path)))
    small.init_weights()
    wide.init_weights()
    kernel = wide.layers[1].blocks[0].modulation.focal_layers[1][0].weight
    assert kernel.shape == (192, 1, 11, 11)
    torch.testing.assert_close(
        kernel[:, :, 3:-3, 3:-3],
        official['layers.1.blocks.0.modulation.focal_layers.1.0.weight'])
    assert kernel[:, :, :3].abs().sum() == 0
    x = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(
            wide.eval()(x)[-1], small.eval()(x)[-1], rtol=1e-4, atol=1e-4)


def test_more_focal_levels_keep_the_gates():
    official = _official_state_dict()
    backbone_sd = {
        k: v
        for k, v in official.items() if not k.startswith('head.')
    }
    model = FocalNet('tiny-srf', focal_levels=(3, 3, 3, 3))
    result = model.load_state_dict(backbone_sd, strict=False)
    assert all('focal_layers.2' in k for k in result.missing_keys)
    assert len(result.missing_keys) == 12
    f = model.layers[0].blocks[1].modulation.f.weight
    source = official['layers.0.blocks.1.modulation.f.weight']
    assert f.shape == (196, 96)
    torch.testing.assert_close(f[:194], source[:194])  # q, ctx, 2 levels
    assert f[194].abs().sum() == 0  # the new level's gate
    torch.testing.assert_close(f[195], source[194])  # the global gate


def test_classifier_config_loads_converted_checkpoint():
    official = _official_state_dict()
    converted = convert_focalnet_official(official)
    model = _build_classifier(_classifier_cfg('tiny-srf'))
    assert set(converted) == set(model.state_dict())
    model.load_state_dict(converted, strict=True)
    torch.testing.assert_close(model.head.fc.weight, official['head.weight'])
    torch.testing.assert_close(model.backbone.norm3.bias,
                               official['norm.bias'])
    # the backbone's hook also converts inside a classifier ('backbone.')
    nested = {f'backbone.{k}': v for k, v in official.items()
              if not k.startswith('head.')}
    nested['head.fc.weight'] = official['head.weight']
    nested['head.fc.bias'] = official['head.bias']
    model.load_state_dict(nested, strict=True)


def test_converter_tool_roundtrip(tmp_path, repo_root):
    import subprocess
    import sys
    official = _official_state_dict(seed=1)
    src = tmp_path / 'focalnet_tiny_srf.pth'
    torch.save(dict(model=official, epoch=299), src)
    dst = tmp_path / 'out' / 'focalnet-tiny-srf_in1k.pth'
    subprocess.run([
        sys.executable,
        osp.join(repo_root, 'tools/model_converters/release2mogaseg.py'),
        str(src), str(dst)
    ], check=True, capture_output=True)
    converted = torch.load(dst, weights_only=True)['state_dict']
    model = _build_classifier(_classifier_cfg('tiny-srf'))
    model.load_state_dict(converted, strict=True)
    torch.testing.assert_close(
        model.backbone.layers[2].blocks[5].modulation.focal_layers[1][0].
        weight,
        official['layers.2.blocks.5.modulation.focal_layers.1.0.weight'])


def test_converter_rejects_foreign_state_dict():
    with pytest.raises(KeyError, match='FocalNet'):
        convert_focalnet_official({'conv1.weight': torch.zeros(1)})


def test_pretrained_init_cfg_loads_weights(
        assert_pretrained_init_cfg_loads):
    assert_pretrained_init_cfg_loads(lambda **kwargs: FocalNet(
        dict(FocalNet.arch_zoo['tiny-srf'], depths=[1, 1, 1, 1]), **kwargs))
