import copy
from typing import Optional

import pytest
import torch
import torch.nn as nn

from mogaseg.models import switch_to_deploy


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


@pytest.fixture
def assert_pretrained_init_cfg_loads(tmp_path):
    """Check that ``build(init_cfg=...)`` loads a classifier checkpoint of
    ``build()``'s weights (keys prefixed ``backbone.``) in init_weights,
    with ``init_cfg`` a dict and a list that also initialises the convs
    (applied first, then overwritten by the loaded weights)."""

    def check(build):
        source = build()
        source.init_weights()
        state = {f'backbone.{k}': v for k, v in source.state_dict().items()}
        path = tmp_path / 'cls.pth'
        torch.save({'state_dict': state}, path)
        pretrained = dict(
            type='Pretrained', checkpoint=str(path), prefix='backbone.')
        for init_cfg in (pretrained, [
                dict(type='Constant', layer='Conv2d', val=0.5), pretrained
        ]):
            model = build(init_cfg=init_cfg)
            model.init_weights()
            for key, value in source.state_dict().items():
                torch.testing.assert_close(
                    model.state_dict()[key], value, msg=key)

    return check


# float32's unit roundoff: the relative error of one rounding.
FP32_ROUNDOFF = 2.0**-24


def _outputs_and_grads(model: nn.Module, x: torch.Tensor,
                       dtype: torch.dtype, grads: bool) -> list:
    """(name, tensor) pairs of the outputs of a copy of ``model`` in ``dtype`` and, with
    ``grads``, the input and parameter gradients of a fixed random weighted
    sum of them (a plain sum of train-mode BatchNorm outputs is constant)."""
    model = copy.deepcopy(model).to(dtype)
    x = x.detach().to(dtype, copy=True).requires_grad_(grads)
    with torch.set_grad_enabled(grads):
        outs = model(x)
    named = [(f'output {i}', out.detach()) for i, out in enumerate(outs)]
    if grads:
        gen = torch.Generator().manual_seed(0)
        weights = [
            torch.rand(o.shape, generator=gen, dtype=torch.float64).to(dtype)
            for o in outs
        ]
        sum((o * w).sum() for o, w in zip(outs, weights)).backward()
        named.append(('input gradient', x.grad))
        for name, param in model.named_parameters():
            assert param.grad is not None, name
            named.append((f'{name} gradient', param.grad))
    return named


def _error_within_float32_rounding(value: torch.Tensor,
                                   value32: torch.Tensor,
                                   exact: torch.Tensor) -> Optional[str]:
    """None if ``value`` is as close to ``exact`` as the float32 reference
    ``value32`` is, else what is wrong. Compared both ways: the root mean
    square of the errors (stable; within 4 times the reference's) and the
    largest error (catches a few wrong elements; within 8 times, since the
    largest of a few errors scatters more). Each bound adds 32 roundoffs of
    the tensor's own magnitude, for tensors the reference computes almost
    exactly."""

    def rms(t: torch.Tensor) -> float:
        return t.pow(2).mean().sqrt().item()

    def largest(t: torch.Tensor) -> float:
        return t.abs().max().item()

    error, ref_error = value.double() - exact, value32.double() - exact
    for measure, factor in ((rms, 4), (largest, 8)):
        bound = factor * (measure(ref_error) +
                          32 * FP32_ROUNDOFF * measure(exact))
        if measure(error) > bound:
            return (f'{measure.__name__} error {measure(error):.3g} > '
                    f'{bound:.3g} (float32 reference: '
                    f'{measure(ref_error):.3g}, magnitude '
                    f'{measure(exact):.3g})')
    return None


@pytest.fixture
def assert_matches_reference():
    """Check a backbone against a reference computing the same function
    (its plain form, for an inference form; a channels-first run, for a
    channels_last one).

    Two float32 computations that sum in other orders (other kernels, fused
    ops, channels_last) differ by rounding, which grows with the size and
    depth of the sums and changes with the kernels that a CPU's instruction
    set selects: no fixed tolerance fits every tensor on every CPU. So the
    reference also runs in float64, and the optimised path's float32 error
    must stay within a small multiple of the float32 reference's own error
    (:func:`_error_within_float32_rounding`).

    ``check(model, reference, x, grads=True)`` compares outputs and, with
    ``grads``, the input and parameter gradients; without, it runs both
    under ``torch.no_grad()`` (where inference forms fuse their kernels).
    """

    def check(model: nn.Module, reference: nn.Module, x: torch.Tensor,
              grads: bool = True):
        actual = _outputs_and_grads(model, x, torch.float32, grads)
        ref32 = _outputs_and_grads(reference, x, torch.float32, grads)
        ref64 = _outputs_and_grads(reference, x, torch.float64, grads)
        # the same parameters in the same order (the reference may wrap the
        # model, and prefix the names)
        assert len(actual) == len(ref64)
        failures = []
        for (name, value), (_, value32), (_, exact) in zip(
                actual, ref32, ref64):
            problem = _error_within_float32_rounding(value, value32, exact)
            if problem:
                failures.append(f'{name}: {problem}')
        assert not failures, '\n'.join(failures)

    return check


@pytest.fixture
def assert_deploy_matches_plain(assert_matches_reference):
    """Check that the inference form of an eval-mode backbone
    (``switch_to_deploy`` on a copy) gives the plain backbone's outputs,
    with and without oneDNN's fused kernels, on a batch run whole and in
    chunks of one image: ``check(model, x)``. Returns the deployed copies.
    """

    def check(model: nn.Module, x: torch.Tensor) -> list:
        model.eval()
        sample_bytes = x[0].numel() * x.element_size()
        deployed = []
        for use_onednn, chunk_bytes in ((True, None), (False, sample_bytes)):
            inference = copy.deepcopy(model)
            switch_to_deploy(inference, use_onednn=use_onednn,
                             chunk_bytes=chunk_bytes)
            assert_matches_reference(inference, model, x, grads=False)
            deployed.append(inference)
        return deployed

    return check
