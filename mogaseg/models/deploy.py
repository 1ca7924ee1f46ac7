"""Turn a model into its inference form: every module that has an exact
re-parameterisation (BatchNorm and layer scales folded into convolutions)
is replaced by it.

One mechanism for every family: a module type registers the function that
builds its inference form (:func:`register_deploy_form`), and
:func:`switch_to_deploy` replaces each such module in its parent. A block's
inference form is a ``Deploy*`` module of its own (``DeployMogaBlock``,
``DeployVANBlock``, ``DeployMBConvBlock``); a patch embedding's or a stem's
is the same kind of module with its BatchNorms folded into its convs.
"""
from typing import Callable, Dict, Optional, Type

import torch.nn as nn

DeployForm = Callable[[nn.Module], Optional[nn.Module]]
_DEPLOY_FORMS: Dict[Type[nn.Module], DeployForm] = {}


def register_deploy_form(module_type: Type[nn.Module]):
    """Register ``fn(module) -> inference module`` for ``module_type``
    (exactly that type; subclasses register their own).

    ``fn`` returns None where ``module`` has nothing to fold (e.g. its
    norms are not BatchNorms). The inference form computes what ``module``
    computes in eval mode, to float rounding, and cannot train; it may
    share sub-modules with ``module``, which is not used afterwards.
    """

    def register(fn: DeployForm) -> DeployForm:
        if module_type in _DEPLOY_FORMS:
            raise KeyError(f'{module_type.__name__} has a deploy form '
                           'already')
        _DEPLOY_FORMS[module_type] = fn
        return fn

    return register


def register_deploy_block(module_type: Type[nn.Module],
                          deploy_cls: Type[nn.Module]) -> None:
    """Register ``deploy_cls(block)`` as the inference form of each
    ``module_type`` block for which ``deploy_cls.can_fold(block)``."""

    def fold(block: nn.Module) -> Optional[nn.Module]:
        return deploy_cls(block) if deploy_cls.can_fold(block) else None

    register_deploy_form(module_type)(fold)


def deploy_form(module: nn.Module) -> Optional[nn.Module]:
    """The inference form of ``module``; None if it has none."""
    fn = _DEPLOY_FORMS.get(type(module))
    return None if fn is None else fn(module)


def switch_to_deploy(model: nn.Module) -> int:
    """Replace every module in ``model`` that has an inference form
    (:func:`register_deploy_form`) by it, in place; a module whose form is
    itself, folded, is folded in place (``model`` too).

    Call it on a model in eval mode after its weights are loaded: the
    folds bake in the BatchNorms' running statistics. The folded model
    gives the same outputs (to float rounding) but can no longer train.
    Calling it again changes nothing; modules of other packages (the task
    libraries' necks and heads) are left alone.

    Returns:
        int: How many modules were replaced or folded.
    """
    folded = deploy_form(model)
    if folded is not None and folded is not model:
        raise ValueError(
            f'{type(model).__name__} is replaced by '
            f'{type(folded).__name__} for inference: call switch_to_deploy '
            'on the model that holds it, or use deploy_form()')
    return int(folded is not None) + _switch_children(model)


def _switch_children(parent: nn.Module) -> int:
    replaced = 0
    for name, child in list(parent.named_children()):
        inference = deploy_form(child)
        if inference is not None:
            setattr(parent, name, inference)
            replaced += 1
            child = inference
        replaced += _switch_children(child)
    return replaced
