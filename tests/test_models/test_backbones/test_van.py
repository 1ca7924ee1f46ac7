import pytest
import torch
from mmengine.analysis import FlopAnalyzer
from mmpretrain.models.backbones import VAN as MMPretrainVAN

from mogaseg.analysis import ImageClassifier
from mogaseg.models import VAN

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
