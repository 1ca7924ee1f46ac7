"""Turn a model into its inference form: every block that has an exact
re-parameterisation (BatchNorm and layer scales folded into convolutions)
switches to it."""
import torch.nn as nn


def switch_to_deploy(model: nn.Module) -> int:
    """Call ``switch_to_deploy()`` on every sub-module of ours (a class of
    the ``mogaseg`` package) that defines it.

    Each such method folds its own module's layers only and is idempotent.
    The task libraries' modules are left alone: theirs have other contracts
    (mmpose's pose estimator re-deploys every sub-module with its test
    config).
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
        if callable(switch) and \
                type(module).__module__.startswith('mogaseg.'):
            switch()
            switched += 1
    return switched
