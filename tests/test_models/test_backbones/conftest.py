import pytest
import torch


@pytest.fixture
def assert_same_outputs_and_grads():
    """Check that two backbones with the same weights give the same outputs
    and the same input and parameter gradients on ``x`` (e.g. with and
    without activation checkpointing)."""

    def check(plain, other, x):
        x1, x2 = x.clone().requires_grad_(), x.clone().requires_grad_()
        out1, out2 = plain(x1), other(x2)
        for a, b in zip(out1, out2):
            torch.testing.assert_close(a, b)
        sum(o.sum() for o in out1).backward()
        sum(o.sum() for o in out2).backward()
        torch.testing.assert_close(x1.grad, x2.grad)
        for (name, p1), (_, p2) in zip(plain.named_parameters(),
                                       other.named_parameters()):
            assert p1.grad is not None, name
            torch.testing.assert_close(p1.grad, p2.grad, msg=name)

    return check
