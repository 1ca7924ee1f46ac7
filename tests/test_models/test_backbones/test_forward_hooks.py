"""Every module's forward calls its submodules: forward hooks fire on every
module that holds parameters, in the default forward of each backbone, in
train and eval mode (with and without autograd, so on the fused kernels'
path too) and after ``switch_to_deploy``; FX traces the blocks."""
import pytest
import torch
import torch.fx
import torch.nn as nn

from mogaseg.models import MOAT, VAN, FocalNet, MogaNet, switch_to_deploy
from mogaseg.models.backbones.focalnet import FocalModulationBlock
from mogaseg.models.backbones.moganet import MogaBlock

BACKBONES = {
    'moganet': lambda: MogaNet('xtiny', out_indices=(0, 1, 2, 3)),
    'focalnet': lambda: FocalNet(
        dict(FocalNet.arch_zoo['tiny-srf'], depths=[1, 1, 2, 1]),
        out_indices=(0, 1, 2, 3)),
    'focalnet-large-flags': lambda: FocalNet(
        dict(FocalNet.arch_zoo['large-fl4'], embed_dims=[32, 64, 128, 256],
             depths=[1, 1, 2, 1]), out_indices=(0, 1, 2, 3)),
    'moat': lambda: MOAT('tiny-moat-0', out_indices=(0, 1, 2, 3),
                         window_size=(None, None, 3, 2)),
    'van': lambda: VAN('b0', out_indices=(0, 1, 2, 3)),
}


def _modules_with_parameters(model: nn.Module):
    return {
        name: module
        for name, module in model.named_modules()
        if next(module.parameters(recurse=False), None) is not None
    }


def _silent_modules(model: nn.Module, run) -> list:
    """The modules with parameters whose forward hook did not fire while
    ``run()`` ran."""
    fired = set()
    modules = _modules_with_parameters(model)
    handles = [
        module.register_forward_hook(
            lambda *args, name=name: fired.add(name))
        for name, module in modules.items()
    ]
    try:
        run()
    finally:
        for handle in handles:
            handle.remove()
    assert modules, 'nothing to check'
    return sorted(set(modules) - fired)


@pytest.mark.parametrize('train', [False, True])
@pytest.mark.parametrize('name', list(BACKBONES))
def test_hooks_fire_on_every_module_with_parameters(name, train):
    torch.manual_seed(0)
    model = BACKBONES[name]().train(train)
    x = torch.rand(2, 3, 64, 80)
    assert _silent_modules(model, lambda: model(x)) == []
    if not train:  # inference without autograd: the fused kernels' path
        with torch.no_grad():
            assert _silent_modules(model, lambda: model(x)) == []
    else:  # and a backward through the same modules
        assert _silent_modules(
            model, lambda: sum(o.sum() for o in model(x)).backward()) == []


@pytest.mark.parametrize('name', ['moganet', 'moat', 'van'])
def test_hooks_fire_after_switch_to_deploy(name):
    torch.manual_seed(0)
    model = BACKBONES[name]().eval()
    assert switch_to_deploy(model) > 0
    with torch.no_grad():
        assert _silent_modules(model,
                               lambda: model(torch.rand(2, 3, 64, 80))) == []


@pytest.mark.parametrize('train', [False, True])
@pytest.mark.parametrize('block', [
    lambda: MogaBlock(16, ffn_ratio=4., drop_path_rate=0.1),
    lambda: nn.Sequential(FocalModulationBlock(16, 2, 3))
])
def test_blocks_trace_with_fx(block, train):
    """``torch.fx.symbolic_trace`` records a block's ops (the fused layers
    run their plain ops on proxies) and the graph computes what the block
    does."""
    torch.manual_seed(0)
    module = block().train(train)
    traced = torch.fx.symbolic_trace(module)
    x = torch.rand(2, 16, 8, 8)
    if isinstance(module, nn.Sequential):  # FocalNet: (B, H, W, C) tokens
        x = x.permute(0, 2, 3, 1)
    torch.manual_seed(1)
    expected = module(x)
    torch.manual_seed(1)  # the same drop-path draws
    torch.testing.assert_close(traced(x), expected)
    assert 'mkldnn' not in traced.code
