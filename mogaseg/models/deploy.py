"""Turn a model into its inference form: every block that has an exact
re-parameterisation (BatchNorm and layer scales folded into convolutions)
switches to it."""
import torch.nn as nn


def switch_to_deploy(model: nn.Module) -> int:
    """Call ``switch_to_deploy()`` on every sub-module that defines it.

    Each such method folds its own module's layers only and is idempotent.
    The folded model computes the same outputs as before in eval mode (to
    float rounding) but can no longer train: BatchNorm statistics and layer
    scales are baked into the weights. Call it on a model in eval mode
    after its weights are loaded.

    Returns:
        int: How many modules switched.
    """
    switched = 0
    # A list: switching a module may replace its children.
    for module in list(model.modules()):
        switch = getattr(module, 'switch_to_deploy', None)
        if callable(switch):
            switch()
            switched += 1
    return switched
