import copy

import pytest
import torch
import torch.nn as nn

from mogaseg.models.layers import reference_impl


@pytest.fixture
def assert_same_outputs_and_grads():
    """Check that two backbones with the same weights give the same outputs
    and the same input and parameter gradients on ``x`` (e.g. with and
    without activation checkpointing). ``tolerances`` (``rtol``, ``atol``)
    go to every comparison."""

    def check(plain, other, x, **tolerances):
        x1, x2 = x.clone().requires_grad_(), x.clone().requires_grad_()
        out1, out2 = plain(x1), other(x2)
        for a, b in zip(out1, out2):
            torch.testing.assert_close(a, b, **tolerances)
        # Random weights, not a plain sum: the sum of train-mode BatchNorm
        # outputs is constant, and its gradients would be rounding noise.
        gen = torch.Generator().manual_seed(0)
        weights = [torch.rand(o.shape, generator=gen) for o in out1]
        sum((o * w).sum() for o, w in zip(out1, weights)).backward()
        sum((o * w).sum() for o, w in zip(out2, weights)).backward()
        torch.testing.assert_close(x1.grad, x2.grad, **tolerances)
        for (name, p1), (_, p2) in zip(plain.named_parameters(),
                                       other.named_parameters()):
            assert p1.grad is not None, name
            torch.testing.assert_close(
                p1.grad, p2.grad, msg=name, **tolerances)

    return check


class _ReferenceForward(nn.Module):
    """Runs the wrapped model with the straightforward forward passes."""

    def __init__(self, model: nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x):
        with reference_impl():
            return self.model(x)


@pytest.fixture
def assert_pretrained_init_cfg_loads(tmp_path):
    """Check that ``build(init_cfg=...)`` loads a classifier checkpoint of
    ``build()``'s weights (keys prefixed ``backbone.``) in init_weights."""

    def check(build):
        source = build()
        source.init_weights()
        state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
        path = tmp_path / 'cls.pth'
        torch.save({'state_dict': state}, path)
        model = build(init_cfg=dict(
            type='Pretrained', checkpoint=str(path), prefix='backbone.'))
        model.init_weights()
        for key, value in source.state_dict().items():
            torch.testing.assert_close(
                model.state_dict()[key], value, msg=key)

    return check


@pytest.fixture
def reference_copy():
    """A copy of a backbone (same weights, own gradients) that runs the
    reference forward passes, to compare the optimised ones against."""
    return lambda model: _ReferenceForward(copy.deepcopy(model))


@pytest.fixture
def assert_inference_matches_reference():
    """Check that an eval-mode backbone gives the same outputs without
    autograd (where the optimised forwards also fuse ops into oneDNN
    kernels) as its reference forward passes."""

    def check(model: nn.Module, x: torch.Tensor):
        model.eval()
        with torch.no_grad():
            with reference_impl():
                expected = model(x)
            outs = model(x)
        for out, exp in zip(outs, expected):
            torch.testing.assert_close(out, exp, rtol=1e-5, atol=1e-5)

    return check
