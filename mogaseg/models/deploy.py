"""Turn a model into its inference form: every module that has one is
replaced by it.

A training block is written once, as the paper writes it; everything that
only inference can use lives in its inference form: BatchNorms and layer
scales folded into convolutions, an activation, a gating product or a
residual add computed inside the kernel of the layer before it
(:mod:`~mogaseg.models.layers.fused`), dense projections, and large CPU
batches run in cache-sized chunks (:class:`BatchChunkedBlock`).

One mechanism for every family: a module type registers the function that
builds its inference form (:func:`register_deploy_form`), and
:func:`switch_to_deploy` replaces each such module in its parent. A block's
inference form is a ``Deploy*`` module of its own (``DeployMogaBlock``,
``DeployFocalNetBlock``, ``DeployVANBlock``, ``DeployMBConvBlock``); a patch
embedding's or a stem's is the same module with its BatchNorms folded.
"""
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Type

import torch.nn as nn

from .layers import onednn
from .layers.batch_chunked import DEFAULT_CHUNK_BYTES


@dataclass(frozen=True)
class DeployOptions:
    """How the inference forms are built.

    Attributes:
        use_onednn (bool): Fused oneDNN kernels in the fused layers (where
            the torch build has them). Off for a model that will be
            exported (ONNX) or run elsewhere than on a CPU.
        chunk_bytes (int, optional): Block input per chunk of a large CPU
            batch; None runs the whole batch.
    """
    use_onednn: bool = onednn.AVAILABLE
    chunk_bytes: Optional[int] = DEFAULT_CHUNK_BYTES


DeployForm = Callable[[nn.Module, DeployOptions], Optional[nn.Module]]
_DEPLOY_FORMS: Dict[Type[nn.Module], DeployForm] = {}


def register_deploy_form(module_type: Type[nn.Module]):
    """Register ``fn(module, options) -> inference module`` for
    ``module_type`` (exactly that type; subclasses register their own).

    ``fn`` returns None where ``module`` has no inference form (e.g. its
    norms are not BatchNorms). The inference form computes what ``module``
    computes in eval mode, to float rounding, and cannot train; it may
    share sub-modules with ``module``, which is not used afterwards. A form
    for a type of another package applies only inside one of our modules,
    so that package's own models are left alone.
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
    """Register ``deploy_cls(block, options)`` as the inference form of
    each ``module_type`` block for which ``deploy_cls.can_fold(block)``."""

    def fold(block: nn.Module,
             options: DeployOptions) -> Optional[nn.Module]:
        return deploy_cls(block, options) if deploy_cls.can_fold(block) \
            else None

    register_deploy_form(module_type)(fold)


def _is_ours(module_type: type) -> bool:
    return module_type.__module__.split('.')[0] == __name__.split('.')[0]


def deploy_form(module: nn.Module,
                options: DeployOptions = DeployOptions(),
                inside_ours: bool = True) -> Optional[nn.Module]:
    """The inference form of ``module``; None if it has none."""
    fn = _DEPLOY_FORMS.get(type(module))
    if fn is None or not (inside_ours or _is_ours(type(module))):
        return None
    return fn(module, options)


def switch_to_deploy(model: nn.Module,
                     options: Optional[DeployOptions] = None,
                     **kwargs) -> int:
    """Replace every module in ``model`` that has an inference form
    (:func:`register_deploy_form`) by it, in place; a module whose form is
    itself, folded, is folded in place (``model`` too).

    Call it on a model in eval mode after its weights are loaded: the
    folds bake in the BatchNorms' running statistics. The model gives the
    same outputs (to float rounding) but can no longer train. Calling it
    again changes nothing; modules of other packages (the task libraries'
    necks and heads, their own backbones) are left alone.

    Args:
        model (nn.Module): The model.
        options (DeployOptions, optional): How to build the forms; or give
            its fields as keyword arguments (``use_onednn=False``). A field
            not given follows where ``model``'s parameters are: oneDNN's
            kernels and batch chunks on a CPU, neither elsewhere.

    Returns:
        int: How many modules were replaced or folded.
    """
    if options is None:
        param = next(model.parameters(), None)
        on_cpu = param is None or param.device.type == 'cpu'
        kwargs.setdefault('use_onednn', on_cpu and onednn.AVAILABLE)
        kwargs.setdefault('chunk_bytes',
                          DEFAULT_CHUNK_BYTES if on_cpu else None)
        options = DeployOptions(**kwargs)
    elif kwargs:
        raise TypeError('pass options or its fields, not both')
    inside = _is_ours(type(model))
    folded = deploy_form(model, options, inside_ours=False)
    if folded is not None and folded is not model:
        raise ValueError(
            f'{type(model).__name__} is replaced by '
            f'{type(folded).__name__} for inference: call switch_to_deploy '
            'on the model that holds it, or use deploy_form()')
    return int(folded is not None) + _switch_children(model, options, inside)


def _switch_children(parent: nn.Module, options: DeployOptions,
                     inside_ours: bool) -> int:
    replaced = 0
    for name, child in list(parent.named_children()):
        inference = deploy_form(child, options, inside_ours)
        if inference is not None:
            setattr(parent, name, inference)
            replaced += 1
            child = inference
        replaced += _switch_children(child, options,
                                     inside_ours or _is_ours(type(child)))
    return replaced
