"""Every module's forward calls its submodules and returns what its name
says: forward hooks fire on every module that holds parameters, in the
default forward of each backbone, in train and eval mode (with and without
autograd) and after ``switch_to_deploy``; every module returns the same
tensors in train mode (without dropout, drop path or batch statistics) as
in eval mode without autograd; FX traces the blocks."""
import pytest
import torch
import torch.fx
import torch.nn as nn

from mogaseg.models import FocalNet, switch_to_deploy
from mogaseg.models.backbones.focalnet import FocalModulationBlock
from mogaseg.models.backbones.moganet import MogaBlock
from mogaseg.models.families import FAMILIES

def _family_builds(**kwargs) -> dict:
    """name -> a small instance of every family (its record's test
    arguments, four outputs, ``kwargs``), and FocalNet with the large
    models' flags (post-norm, layer scale, ...)."""
    builds = {
        family.name: lambda family=family: family.backbone(
            **{**family.test_kwargs, 'out_indices': (0, 1, 2, 3), **kwargs})
        for family in FAMILIES.values()
    }
    builds['FocalNet-large-flags'] = lambda: FocalNet(
        dict(FocalNet.arch_zoo['large-fl4'], embed_dims=[32, 64, 128, 256],
             depths=[1, 1, 2, 1]), out_indices=(0, 1, 2, 3), **kwargs)
    return builds


BACKBONES = _family_builds()
# Without dropout and drop path, with BatchNorms on their running
# statistics in train mode too: what is left to differ between the modes
# is only what a module itself does differently.
NO_STOCHASTIC_LAYERS = _family_builds(drop_path_rate=0., norm_eval=True)


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


def _hooked_outputs(model: nn.Module, x: torch.Tensor) -> dict:
    """name -> the output each module's forward hook saw (every call)."""
    seen = {}

    def record(name, output):
        outputs = output if isinstance(output, tuple) else (output, )
        seen.setdefault(name, []).append(
            [o.detach().clone() for o in outputs
             if isinstance(o, torch.Tensor)])

    handles = [
        module.register_forward_hook(
            lambda module, args, out, name=name: record(name, out))
        for name, module in model.named_modules()
    ]
    try:
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return seen


@pytest.mark.parametrize('name', list(NO_STOCHASTIC_LAYERS))
def test_every_module_returns_the_same_in_train_and_eval(name):
    torch.manual_seed(0)
    model = NO_STOCHASTIC_LAYERS[name]()
    x = torch.rand(2, 3, 64, 80)
    train = _hooked_outputs(model.train(), x.clone().requires_grad_())
    with torch.no_grad():
        evaluation = _hooked_outputs(model.eval(), x)
    assert train.keys() == evaluation.keys()
    assert len(train) > 50
    for module_name, calls in train.items():
        assert len(calls) == len(evaluation[module_name]), module_name
        for outs, eval_outs in zip(calls, evaluation[module_name]):
            assert len(outs) == len(eval_outs), module_name
            for out, eval_out in zip(outs, eval_outs):
                # The same ops on the same values; only kernels may differ
                # (scaled_dot_product_attention takes another one under
                # autograd), so float32 rounding after a few dozen layers.
                # Another tensor (a product instead of a factor, a sum with
                # the residual) would be off by its own magnitude.
                assert out.shape == eval_out.shape, module_name
                scale = eval_out.abs().max().item() + 1e-3
                error = (out - eval_out).abs().max().item()
                assert error <= 1e-4 * scale, (module_name, error, scale)


@pytest.mark.parametrize('name', list(BACKBONES))
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
