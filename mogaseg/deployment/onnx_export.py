"""Export a mogaseg model to ONNX and check the file against PyTorch.

What is exported depends on the model's task (its ``default_scope``, set by
:func:`mogaseg.apis.build_model_from_config` and
:func:`mogaseg.apis.init_model`):

* a classifier (``'mmpretrain'``): backbone, neck and head, one output
  ``logits`` (``model(x, mode='tensor')``);
* a detector (``'mmdet'``), segmentor (``'mmseg'``) or pose estimator
  (``'mmpose'``): its backbone only, one output per feature map, ``feat0``
  .. ``featN``; necks, heads and post-processing (NMS, resizing the masks,
  decoding the heatmaps) stay out of the graph;
* any other module (e.g. a backbone built on its own): its forward, one
  output ``output`` or ``feat0`` .. ``featN`` for a sequence.

The single input ``input`` is the normalised ``N x 3 x H x W`` float image
(the data preprocessor's work is not in the graph; its mean, std and channel
order are in the file's metadata, see :mod:`.metadata`). The batch axis is
dynamic, height and width are fixed at export.

A deployed model is exported with its inference forms built without
oneDNN's private kernels and without batch chunks
(``switch_to_deploy(model, use_onednn=False, chunk_bytes=None)``); a fused
layer that has them runs its plain ops while it is exported anyway
(:mod:`mogaseg.models.layers.onednn`), so the file computes the same
function as the model in PyTorch.
"""
import json
import os
import os.path as osp
import warnings
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn

from mogaseg.errors import ConfigError
from .metadata import deployment_metadata

#: The ONNX opset written by default, and the range the exporter writes.
DEFAULT_OPSET = 17
MIN_OPSET, MAX_OPSET = 11, 20

_INSTALL_HINT = 'pip install -e .[tools]'

_Shape = Union[int, Sequence[int]]


class MissingPackageError(ConfigError):
    """A package that ONNX export or its check needs is not installed. A
    :class:`~mogaseg.errors.ConfigError`, so the tools report it in one
    line."""


def require_package(name: str):
    """Import ``onnx`` or ``onnxruntime``, or raise
    :class:`MissingPackageError` that says how to install it."""
    try:
        if name == 'onnx':
            import onnx as module
        elif name == 'onnxruntime':
            import onnxruntime as module
        else:
            raise ValueError(f'unknown package {name!r}')
    except ImportError:
        raise MissingPackageError(
            f'the {name} package is not installed; ONNX export and its '
            f'check need onnx and onnxruntime: {_INSTALL_HINT}') from None
    return module


def input_size(shape: _Shape) -> Tuple[int, int]:
    """``(H, W)`` from one size (square) or two."""
    if isinstance(shape, int):
        return shape, shape
    shape = tuple(int(s) for s in shape)
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) != 2:
        raise ValueError(f'shape must be one size or (H, W), got {shape}')
    return shape


class ExportModule(nn.Module):
    """The function an exported ONNX file computes: the task model's tensor
    forward (see the module docstring).

    Args:
        model (nn.Module): A task model (with ``default_scope``) or any
            module taking an image batch.
    """

    def __init__(self, model: nn.Module):
        super().__init__()
        self.task = getattr(model, 'default_scope', None)
        dense = {'mmdet': 'detector', 'mmseg': 'segmentor',
                 'mmpose': 'pose estimator'}.get(self.task)
        # Only the module that runs is registered (its parameters become
        # the file's weights).
        self.net = model.backbone if dense else model
        if dense:
            self.description = (f'the backbone ({type(self.net).__name__}) '
                                f'of the {type(model).__name__} {dense}')
        elif self.task == 'mmpretrain':
            parts = [
                type(getattr(model, name)).__name__
                for name in ('backbone', 'neck', 'head')
                if getattr(model, name, None) is not None
            ]
            self.description = (f'the classifier {type(model).__name__} '
                                f"({' + '.join(parts)}) up to its logits")
        else:
            self.description = type(model).__name__

    def describe(self) -> str:
        """What is exported, in words, e.g. 'the backbone (MogaNet) of the
        MaskRCNN detector'."""
        return self.description

    def forward(self, x: torch.Tensor):
        if self.task == 'mmpretrain':
            return self.net(x, mode='tensor')
        return self.net(x)

    def output_names(self, outputs) -> List[str]:
        """Names for the outputs of :meth:`forward`."""
        if isinstance(outputs, torch.Tensor):
            return ['logits' if self.task == 'mmpretrain' else 'output']
        if isinstance(outputs, (list, tuple)) and all(
                isinstance(out, torch.Tensor) for out in outputs):
            if self.task == 'mmpretrain' and len(outputs) == 1:
                return ['logits']
            return [f'feat{i}' for i in range(len(outputs))]
        raise TypeError('ONNX export needs a tensor or a sequence of '
                        f'tensors from the model, got {type(outputs)}')


def _as_tuple(outputs) -> Tuple[torch.Tensor, ...]:
    return (outputs, ) if isinstance(outputs, torch.Tensor) else tuple(
        outputs)


def _device(model: nn.Module) -> torch.device:
    param = next(model.parameters(), None)
    return param.device if param is not None else torch.device('cpu')


def export_onnx(model: nn.Module,
                out_file: str,
                shape: _Shape,
                opset: int = DEFAULT_OPSET,
                metadata: Optional[Dict[str, object]] = None,
                batch: int = 1) -> List[str]:
    """Write ``model`` as an ONNX file with a dynamic batch axis.

    The model is put in eval mode and traced on a random ``batch x 3 x H x
    W`` input, without autograd. Fold BatchNorms first
    (:func:`mogaseg.models.switch_to_deploy`) for a smaller graph.

    Args:
        model (nn.Module): A task model from
            :func:`mogaseg.apis.init_model` or
            :func:`mogaseg.apis.build_model_from_config`, or a module
            taking an image batch (e.g. a backbone).
        out_file (str): The ``.onnx`` file to write (its folder is made).
        shape (int | Sequence[int]): The input size, ``S`` (square) or
            ``(H, W)``. The file takes this size only.
        opset (int): The ONNX opset, from :data:`MIN_OPSET` to
            :data:`MAX_OPSET`. Defaults to :data:`DEFAULT_OPSET`.
        metadata (dict, optional): Entries for the file's
            ``metadata_props``, e.g. the config path, besides those written
            anyway: :func:`~.metadata.deployment_metadata` (task,
            preprocessing, class names), ``exported`` (what, in words),
            ``input``, ``input_size`` (``[H, W]``) and ``outputs`` (the
            output names). Values that are not strings are stored as
            JSON.
        batch (int): The batch size traced. Any batch runs the file.

    Returns:
        list[str]: The names of the outputs, in order.

    Raises:
        MissingPackageError: ``onnx`` is not installed.
        ConfigError: The model cannot run on an input of this size.
    """
    onnx = require_package('onnx')
    if not MIN_OPSET <= opset <= MAX_OPSET:
        raise ValueError(f'opset must be in [{MIN_OPSET}, {MAX_OPSET}], '
                         f'got {opset}')
    h, w = input_size(shape)
    model.eval()
    module = ExportModule(model).eval()
    x = torch.randn(batch, 3, h, w, device=_device(model))
    with torch.no_grad():
        try:
            traced = module(x)
        except RuntimeError as error:  # e.g. a map smaller than a kernel
            raise ConfigError(f'{module.describe()} cannot run on a '
                              f'{h}x{w} input: {error}') from None
    names = module.output_names(traced)
    os.makedirs(osp.dirname(osp.abspath(out_file)), exist_ok=True)
    dynamic_axes = {name: {0: 'batch'} for name in ['input', *names]}
    # The TorchScript exporter (dynamo=False, dynamic_axes): it exports all
    # four backbone families from a batch-1 trace, in 1-3 s each. The
    # torch.export one (dynamo=True, dynamic_shapes) takes 5-15 s each and
    # specialises FocalNet's batch axis on a batch-1 trace ("Constraints
    # violated (batch)"), torch 2.13.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.filterwarnings(
            'ignore', message='You are using the legacy TorchScript-based',
            category=DeprecationWarning)
        warnings.filterwarnings(
            'ignore', message='The feature will be removed',
            category=DeprecationWarning)
        # "Converting a tensor to a Python boolean/float": window and
        # padding sizes computed from H and W, which the file fixes anyway.
        # The batch axis is checked by running another batch (verify_onnx).
        warnings.filterwarnings(
            'ignore', category=torch.jit.TracerWarning)
        # "Removing mutation from node aten::addcmul_ ...": the in-place
        # ops of deployed MogaNet blocks act on fresh results, and their
        # out-of-place ONNX form computes the same (verify_onnx checks it).
        warnings.filterwarnings(
            'ignore', message='ONNX Preprocess - Removing mutation')
        torch.onnx.export(
            module, (x, ),
            out_file,
            dynamo=False,
            input_names=['input'],
            output_names=names,
            dynamic_axes=dynamic_axes,
            opset_version=opset,
            do_constant_folding=True)
    proto = onnx.load(out_file)
    _set_output_shapes(proto, names, _as_tuple(traced))
    props = deployment_metadata(model)
    props.update(
        exported=module.describe(),
        input='input: N x 3 x H x W float32, (image - mean) / std, '
        'channels swapped first if to_rgb',
        input_size=[h, w],
        outputs=names)
    props.update(metadata or {})
    onnx.helper.set_model_props(proto, {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in props.items()
    })
    onnx.save(proto, out_file)
    return names


def _set_output_shapes(proto, names: List[str],
                       outputs: Sequence[torch.Tensor]) -> None:
    """Declare the outputs' sizes in the graph (the exporter leaves some
    symbolic where its shape inference gives up): ``batch``, then the
    traced sizes, which the fixed input size determines."""
    declared = {value.name: value for value in proto.graph.output}
    for name, out in zip(names, outputs):
        dims = declared[name].type.tensor_type.shape.dim
        del dims[:]
        for i, size in enumerate(out.shape):
            dim = dims.add()
            if i == 0:
                dim.dim_param = 'batch'
            else:
                dim.dim_value = size


def onnx_io_shapes(onnx_file: str) -> Dict[str, Tuple[Union[int, str], ...]]:
    """The inputs' and outputs' shapes in an ONNX file, by name: sizes as
    ints, named (dynamic) axes as their names, e.g. ``('batch', 1000)``."""
    onnx = require_package('onnx')
    graph = onnx.load(onnx_file, load_external_data=False).graph
    shapes = {}
    for value in [*graph.input, *graph.output]:
        dims = value.type.tensor_type.shape.dim
        shapes[value.name] = tuple(
            d.dim_param if d.HasField('dim_param') else d.dim_value
            for d in dims)
    return shapes


def verify_onnx(model: nn.Module,
                onnx_file: str,
                shape: Optional[_Shape] = None,
                batch: int = 2,
                seed: int = 0) -> Dict[str, float]:
    """Run an exported file with ONNX Runtime (CPU) and the model with
    PyTorch on the same random input, and compare.

    The file is first checked with ``onnx.checker.check_model``. PyTorch
    runs the model as it was exported (:class:`ExportModule`: eval
    mode, no autograd) on the model's device. Use a
    ``batch`` other than the traced one to check the dynamic batch axis.

    Args:
        model (nn.Module): The model that was exported, in the same state
            (e.g. also after ``switch_to_deploy``).
        onnx_file (str): The file from :func:`export_onnx`.
        shape (int | Sequence[int], optional): The input size. Defaults to
            the size in the file.
        batch (int): The batch size to run. Defaults to 2.
        seed (int): Seed of the random input.

    Returns:
        dict[str, float]: The largest absolute difference of each output,
        by output name.

    Raises:
        MissingPackageError: ``onnx`` or ``onnxruntime`` is not installed.
        ValueError: The number or the shape of the outputs differs between
            ONNX Runtime and PyTorch.
    """
    onnx = require_package('onnx')
    ort = require_package('onnxruntime')
    onnx.checker.check_model(onnx_file)
    if shape is None:
        shape = onnx_io_shapes(onnx_file)['input'][2:]
    h, w = input_size(shape)
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, 3, h, w, generator=gen)
    model.eval()
    module = ExportModule(model).eval()
    with torch.no_grad():
        expected = [
            out.cpu().float() for out in _as_tuple(module(
                x.to(_device(model))))
        ]
    session = ort.InferenceSession(
        onnx_file, providers=['CPUExecutionProvider'])
    names = [out.name for out in session.get_outputs()]
    outputs = session.run(None, {session.get_inputs()[0].name: x.numpy()})
    if len(outputs) != len(expected):
        raise ValueError(f'the ONNX file has {len(outputs)} outputs '
                         f'({names}), the model {len(expected)}')
    diffs = {}
    for name, out, exp in zip(names, outputs, expected):
        if tuple(out.shape) != tuple(exp.shape):
            raise ValueError(
                f'output {name}: ONNX Runtime gives shape {out.shape}, '
                f'PyTorch {tuple(exp.shape)} (batch {batch})')
        diff = (torch.from_numpy(out).float() - exp).abs()
        diffs[name] = float(diff.max()) if diff.numel() else 0.
    return diffs
