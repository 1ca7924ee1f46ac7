import pytest
import torch
from mmengine.analysis import FlopAnalyzer
from mmpretrain.models.backbones import VAN as MMPretrainVAN

from mogaseg.analysis import ImageClassifier
from mogaseg.models import VAN, switch_to_deploy

# The VAN release (mmpretrain's converted checkpoints): ImageNet-1k
# classifier at 224x224, params in M and FLOPs in G.
PUBLISHED = {
    'b0': (4.11, 0.88),
    'b1': (13.86, 2.52),
    'b2': (26.58, 5.03),
    'b3': (44.77, 8.99),
    'b4': (60.28, 12.22),
}


@pytest.mark.parametrize('arch', sorted(PUBLISHED))
def test_params_and_flops_match_published(arch):
    backbone = VAN(arch)
    model = ImageClassifier(backbone, backbone.embed_dims[-1]).eval()
    params = sum(p.numel() for p in model.parameters()) / 1e6
    analyzer = FlopAnalyzer(model, torch.rand(1, 3, 224, 224))
    analyzer.unsupported_ops_warnings(False)
    analyzer.uncalled_modules_warnings(False)
    published_params, published_flops = PUBLISHED[arch]
    assert params == pytest.approx(published_params, rel=0.01)
    assert analyzer.total() / 1e9 == pytest.approx(published_flops, rel=0.02)


@pytest.mark.parametrize('arch', ['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6'])
def test_four_outputs_with_norms_for_dense_tasks(arch):
    model = VAN(arch, out_indices=(0, 1, 2, 3)).eval()
    dims = VAN.arch_zoo[arch]['embed_dims']
    with torch.no_grad():
        outs = model(torch.rand(1, 3, 64, 64))
    assert [tuple(o.shape) for o in outs] == [(1, dims[0], 16, 16),
                                              (1, dims[1], 8, 8),
                                              (1, dims[2], 4, 4),
                                              (1, dims[3], 2, 2)]
    for i in range(4):  # each output passed its stage's norm
        assert isinstance(getattr(model, f'norm{i + 1}'), torch.nn.LayerNorm)


def test_b0_to_b3_are_mmpretrains_sizes():
    for ours, theirs in (('b0', 'tiny'), ('b1', 'small'), ('b2', 'base'),
                         ('b3', 'large')):
        assert VAN.arch_zoo[ours] == MMPretrainVAN.arch_zoo[theirs]
        a = VAN(ours).state_dict()
        b = MMPretrainVAN(theirs).state_dict()
        assert {k: v.shape for k, v in a.items()} == \
            {k: v.shape for k, v in b.items()}


def test_scoped_name_builds_from_every_task_scope():
    import importlib

    from mmengine.registry import DefaultScope
    for scope in ('mmpretrain', 'mmdet', 'mmseg'):
        registry = importlib.import_module(f'{scope}.registry').MODELS
        with DefaultScope.overwrite_default_scope(scope):
            model = registry.build(dict(type='mogaseg.VAN', arch='b4'))
        assert isinstance(model, VAN) and model.depths == [3, 6, 40, 3]


def test_frozen_stages_and_norm_eval():
    model = VAN('b0', frozen_stages=1, norm_eval=True)
    model.train()
    for i in (1, 2):
        for p in getattr(model, f'blocks{i}').parameters():
            assert not p.requires_grad
    assert all(p.requires_grad for p in model.blocks3.parameters())
    bns = [m for m in model.modules()
           if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    assert bns and all(not m.training for m in bns)


def _randomise_bns_and_layer_scales(model):
    """Random statistics, affine parameters and layer scales, so that the
    folds are far from the identity they are at initialisation."""
    g = torch.Generator().manual_seed(0)
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            c = m.num_features
            m.running_mean.copy_(torch.randn(c, generator=g) * 0.5)
            m.running_var.copy_(torch.rand(c, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(c, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(c, generator=g) * 0.5)
    for name, p in model.named_parameters():
        if 'layer_scale' in name:
            p.data.copy_(torch.randn(p.shape, generator=g) * 0.5)


@pytest.mark.parametrize('block_cfgs', [{}, {'layer_scale_init_value': 0}])
def test_switch_to_deploy_is_exact_and_idempotent(block_cfgs):
    from mogaseg.models.backbones.van_deploy import DeployVANBlock
    model = VAN('b0', out_indices=(0, 1, 2, 3), block_cfgs=block_cfgs)
    _randomise_bns_and_layer_scales(model)
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        expected = model(x)
        switch_to_deploy(model)
        outs = model(x)
    for a, b in zip(outs, expected):
        torch.testing.assert_close(a, b, atol=1e-4, rtol=1e-4)

    blocks = [b for i in range(4) for b in getattr(model, f'blocks{i + 1}')]
    assert all(isinstance(b, DeployVANBlock) for b in blocks)
    assert not any(isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
                   for m in model.modules())

    state = {k: v.clone() for k, v in model.state_dict().items()}
    switch_to_deploy(model)  # a second switch changes nothing
    assert [b for i in range(4)
            for b in getattr(model, f'blocks{i + 1}')] == blocks
    after = model.state_dict()
    assert after.keys() == state.keys()
    assert all(torch.equal(after[k], v) for k, v in state.items())

    model = model.to(memory_format=torch.channels_last)
    with torch.no_grad():
        outs_cl = model(x.to(memory_format=torch.channels_last))
    for a, b in zip(outs_cl, outs):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)


def test_switch_to_deploy_leaves_other_norms():
    # GroupNorm normalises over space as well: it does not fold.
    model = VAN('b0', block_cfgs=dict(norm_cfg=dict(type='GN',
                                                    num_groups=1)))
    _randomise_bns_and_layer_scales(model)
    model.eval()
    x = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        expected = model(x)
        switch_to_deploy(model)
        out = model(x)
    torch.testing.assert_close(out[0], expected[0], atol=1e-4, rtol=1e-4)
    assert all(type(b).__name__ == 'VANBlock' for b in model.blocks1)
    assert model.patch_embed1.norm is None  # the embedding's BN folds


def test_stages_run_channels_last_on_cpu(assert_matches_reference):
    """'auto' (the default): each patch embedding turns the channels-first
    stage output of mmpretrain's VAN into channels_last, on CPU."""
    model = VAN('b0', out_indices=(0, 1, 2, 3)).eval()
    seen = []
    for i in range(4):
        getattr(model, f'blocks{i + 1}')[0].register_forward_hook(
            lambda module, args, out: seen.append(out))
    with torch.no_grad():
        outs = model(torch.rand(2, 3, 64, 64))
    assert all(out.is_contiguous(memory_format=torch.channels_last)
               and not out.is_contiguous() for out in seen[:3])
    assert all(out.is_contiguous() for out in outs)
    channels_first = VAN('b0', out_indices=(0, 1, 2, 3),
                         channels_last=False).eval()
    channels_first.load_state_dict(model.state_dict())
    assert_matches_reference(model, channels_first, torch.rand(2, 3, 64, 64))

