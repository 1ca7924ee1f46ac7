"""Class activation maps (Grad-CAM and its variants) of any mogaseg model,
computed by ``pytorch_grad_cam`` (the ``grad-cam`` package).

A classifier's CAM explains one class score (``model(x, mode='tensor')``
gives the logits). A detector or segmentor has no single class score, so
its CAM is a gradient-free one (EigenCAM: the first principal component of
the backbone's features).

The default target layer is the backbone's last output feature map, for
any backbone: :class:`CAMModel` passes that output through an identity
module, ``tap``, that the CAM hooks; a backbone that pools its last output
(MOAT's classifier setting) falls back to its last layer that outputs a
map. Other layers are picked by their module names in the model
(``model.named_modules()``).
"""
import difflib
import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn as nn

from mogaseg.errors import ConfigError

# --method name (lower case) -> pytorch_grad_cam class name.
METHODS = {
    'gradcam': 'GradCAM',
    'gradcam++': 'GradCAMPlusPlus',
    'xgradcam': 'XGradCAM',
    'hirescam': 'HiResCAM',
    'gradcamelementwise': 'GradCAMElementWise',
    'layercam': 'LayerCAM',
    'eigengradcam': 'EigenGradCAM',
    'scorecam': 'ScoreCAM',
    'eigencam': 'EigenCAM',
}
# Methods that need no class score: the ones a dense model can use.
SCORE_FREE_METHODS = ('eigencam', )

DEFAULT_LAYER = 'backbone output'


class CAMError(ConfigError):
    """A CAM request that cannot run (method, target layer or category);
    the message says why and what to use instead."""


class CAMModel(nn.Module):
    """The module a CAM runs: images to class logits (a classifier), or to
    the backbone's last feature map (a dense model, ``dense=True``).

    The backbone's last output passes through :attr:`tap`, an identity that
    the CAM can hook whatever the backbone is. Call :meth:`remove` to take
    the hook off the backbone again.

    Args:
        model (nn.Module): A model with a ``backbone``; a classifier must
            return its logits from ``model(inputs, mode='tensor')``.
        dense (bool): Run the backbone only. Defaults to False.
    """

    def __init__(self, model: nn.Module, dense: bool = False):
        super().__init__()
        backbone = getattr(model, 'backbone', None)
        if not isinstance(backbone, nn.Module):
            raise CAMError(f'{type(model).__name__} has no backbone module')
        self.model = model
        self.dense = dense
        self.tap = nn.Identity()
        self._handle = backbone.register_forward_hook(self._tap_last_output)

    def _tap_last_output(self, module, args, output):
        if isinstance(output, torch.Tensor):
            return self.tap(output)
        if isinstance(output, (tuple, list)) and output and isinstance(
                output[-1], torch.Tensor):
            outs = [*output[:-1], self.tap(output[-1])]
            return tuple(outs) if isinstance(output, tuple) else outs
        return None

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        if self.dense:
            outs = self.model.backbone(inputs)
            return outs if isinstance(outs, torch.Tensor) else outs[-1]
        return self.model(inputs, mode='tensor')

    def remove(self) -> None:
        """Take the tap's hook off the backbone."""
        self._handle.remove()


def resolve_target_layers(
        cam_model: CAMModel,
        names: Sequence[str]) -> List[Tuple[str, nn.Module]]:
    """The ``(name, module)`` pairs of the layers the CAM hooks.

    Args:
        cam_model (CAMModel): The wrapped model.
        names (Sequence[str]): Module names in the wrapped model
            (``cam_model.model.named_modules()``), e.g.
            ``'backbone.blocks4'``.

    Raises:
        CAMError: A name the model does not have (with the closest names
            it has), a container that is never called itself (with an item
            to use instead), or, for a dense model, a layer outside the
            backbone.
    """
    modules = dict(cam_model.model.named_modules())
    modules.pop('', None)
    layers = []
    for name in names:
        if name not in modules:
            close = difflib.get_close_matches(name, list(modules), n=3)
            hint = (f"; did you mean {', '.join(map(repr, close))}?"
                    if close else
                    '; the names are those of model.named_modules(), e.g. '
                    f'{next(iter(modules))!r}')
            raise CAMError(f'the model has no layer named {name!r}{hint}')
        if cam_model.dense and not name.startswith('backbone.'):
            raise CAMError(
                f'{name!r} is not in the backbone: the CAM of a detection '
                'or segmentation model runs its backbone only; pick a layer '
                "whose name starts with 'backbone.'")
        module = modules[name]
        if isinstance(module, (nn.ModuleList, nn.ModuleDict)) and len(
                module):
            last = f'{name}.{list(module._modules)[-1]}'
            raise CAMError(
                f'{name!r} is a {type(module).__name__}, which the model '
                'never calls itself (it calls the items); pick an item, '
                f'e.g. {last!r}, the last one')
        layers.append((name, module))
    return layers


def token_grid(num_tokens: int, image_hw: Tuple[int, int]) -> Tuple[int,
                                                                     int]:
    """The ``(h, w)`` grid of ``num_tokens`` tokens with the image's aspect
    ratio: a square grid for a square image.

    Raises:
        ValueError: No such grid (e.g. a class token, or a prime count).
    """
    image_h, image_w = image_hw
    guess = math.sqrt(num_tokens * image_h / image_w)
    for h in sorted({math.floor(guess), math.ceil(guess)}):
        if h > 0 and num_tokens % h == 0:
            return h, num_tokens // h
    raise ValueError(f'{num_tokens} tokens do not form a grid with the '
                     f'aspect ratio of a {image_h}x{image_w} input')


class TokensToMap:
    """A ``reshape_transform`` for pytorch_grad_cam: ``(N, L, C)`` tokens
    to an ``(N, C, h, w)`` map on the grid given for ``L``; ``NCHW`` maps
    pass unchanged.

    Args:
        grids (dict[int, tuple[int, int]]): Token count -> ``(h, w)``.
    """

    def __init__(self, grids: Dict[int, Tuple[int, int]]):
        self.grids = dict(grids)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() == 4:
            return x
        n, length, channels = x.shape
        h, w = self.grids[length]
        return x.transpose(1, 2).reshape(n, channels, h, w)


def _describe(output) -> str:
    if isinstance(output, torch.Tensor):
        return f'a tensor of shape {tuple(output.shape)}'
    if isinstance(output, (tuple, list)):
        count = len(output)
        return (f'a {type(output).__name__} of {count} '
                f"item{'s' if count != 1 else ''}")
    return f'a {type(output).__name__}'


def probe_target_layers(
        cam_model: CAMModel, layers: Sequence[Tuple[str, nn.Module]],
        inputs: torch.Tensor) -> Tuple[torch.Tensor, Optional[TokensToMap]]:
    """Run the model once and check what the target layers output.

    Returns:
        tuple: The model's output, and the reshape transform for token
        outputs (None when every layer outputs an ``NCHW`` map).

    Raises:
        CAMError: A layer that did not run or ran more than once, or whose
            output is neither an ``NCHW`` map nor ``(N, L, C)`` tokens on a
            grid (named with the shape it has).
    """
    seen: Dict[int, list] = {}
    handles = [
        module.register_forward_hook(
            lambda m, args, out, i=i: seen.setdefault(i, []).append(out))
        for i, (_, module) in enumerate(layers)
    ]
    try:
        with torch.no_grad():
            output = cam_model(inputs)
    finally:
        for handle in handles:
            handle.remove()
    grids = {}
    need = 'the CAM needs an NCHW feature map or (N, L, C) tokens'
    for i, (name, _) in enumerate(layers):
        if i not in seen:
            raise CAMError(f'layer {name!r} did not run in the forward pass')
        if len(seen[i]) > 1:
            raise CAMError(
                f'layer {name!r} runs {len(seen[i])} times in one forward '
                'pass (a shared module); pick a layer that runs once')
        out = seen[i][0]
        if isinstance(out, torch.Tensor) and out.dim() == 4:
            continue
        if not (isinstance(out, torch.Tensor) and out.dim() == 3):
            raise CAMError(
                f'layer {name!r} outputs {_describe(out)}; {need}')
        try:
            grids[out.shape[1]] = token_grid(out.shape[1],
                                             tuple(inputs.shape[-2:]))
        except ValueError as error:
            raise CAMError(f'layer {name!r} outputs {_describe(out)}: '
                           f'{error}; {need}') from None
    return output, (TokensToMap(grids) if grids else None)


def default_target_layer(cam_model: CAMModel,
                         inputs: torch.Tensor) -> Tuple[str, nn.Module]:
    """The backbone's last output feature map: :attr:`CAMModel.tap` when
    that output is an ``NCHW`` map, else (a backbone that pools its last
    stage) the backbone layer that last output one.

    Raises:
        CAMError: No layer of the backbone outputs an ``NCHW`` map.
    """
    finished: List[Tuple[str, object]] = []
    modules = [(DEFAULT_LAYER, cam_model.tap)] + [
        (f'backbone.{name}', module)
        for name, module in cam_model.model.backbone.named_modules() if name
    ]
    handles = [
        module.register_forward_hook(
            lambda m, args, out, name=name: finished.append((name, out)))
        for name, module in modules
    ]
    try:
        with torch.no_grad():
            cam_model(inputs)
    finally:
        for handle in handles:
            handle.remove()
    calls = Counter(name for name, _ in finished)
    for name, out in reversed(finished):
        # a module run more than once (shared) has no single activation
        if calls[name] == 1 and isinstance(out, torch.Tensor) and \
                out.dim() == 4:
            return name, dict(modules)[name]
    tap_output = [out for name, out in finished if name == DEFAULT_LAYER]
    last = _describe(tap_output[-1]) if tap_output else 'not a tensor'
    raise CAMError(
        f"the backbone's last output is {last} and "
        'none of its layers outputs an NCHW feature map; name a layer with '
        '--target-layers')


def _cam_class(method: str, dense: bool):
    import pytorch_grad_cam

    key = method.lower()
    if key not in METHODS:
        raise CAMError(f'unknown CAM method {method!r}; choose from '
                       f"{', '.join(METHODS)}")
    if dense and key not in SCORE_FREE_METHODS:
        raise CAMError(
            f'{method} needs the gradient of a class score, which a '
            'detection or segmentation model does not have here; use '
            f"--method {' or '.join(SCORE_FREE_METHODS)} (gradient-free)")
    return getattr(pytorch_grad_cam, METHODS[key])


@dataclass
class CAMResult:
    """A class activation map and what it explains."""
    # (H, W) map in [0, 1] over the input batch (padding included).
    cam: np.ndarray
    # The explained class and its softmax score (classifiers only).
    category: Optional[int]
    score: Optional[float]
    # The names of the hooked layers.
    target_layers: List[str]


def compute_cam(model: nn.Module,
                inputs: torch.Tensor,
                method: str = 'gradcam',
                target_layers: Optional[Sequence[str]] = None,
                target_category: Optional[int] = None,
                dense: bool = False,
                aug_smooth: bool = False,
                eigen_smooth: bool = False) -> CAMResult:
    """The class activation map of one image.

    Every module's forward calls its submodules, so any named layer can be
    hooked.

    Args:
        model (nn.Module): A model with a ``backbone``; it is put in eval
            mode.
        inputs (torch.Tensor): A ``(1, C, H, W)`` preprocessed batch.
        method (str): One of :data:`METHODS` (any case). Defaults to
            'gradcam'.
        target_layers (Sequence[str], optional): Module names to hook.
            Defaults to the backbone's last output.
        target_category (int, optional): The class to explain. Defaults to
            the predicted one. Classifiers only.
        dense (bool): The model is a detector or segmentor: run its
            backbone with a gradient-free method. Defaults to False.
        aug_smooth (bool): Average over flipped and scaled inputs.
        eigen_smooth (bool): Keep the first principal component.

    Returns:
        CAMResult: The map, the explained class and its score.

    Raises:
        CAMError: An unknown method, a method that needs a class score on a
            dense model, a layer that cannot be used, or a category that
            the classifier does not have.
    """
    if inputs.dim() != 4 or inputs.shape[0] != 1:
        raise ValueError('inputs must be one image, a (1, C, H, W) batch, '
                         f'got {tuple(inputs.shape)}')
    cam_class = _cam_class(method, dense)
    if method.lower() in SCORE_FREE_METHODS and target_category is not None:
        raise CAMError(f'{method} does not depend on the class (the map is '
                       'the same for every class); drop the target '
                       'category or use a gradient method such as gradcam')
    from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

    cam_model = CAMModel(model, dense=dense).eval()
    try:
        layers = resolve_target_layers(cam_model, target_layers) \
            if target_layers else [default_target_layer(cam_model,
                                                        inputs)]
        output, transform = probe_target_layers(cam_model, layers,
                                                inputs)
        category = score = None
        targets: List[Callable] = [_FeatureSum()]
        if not dense:
            category, score = _category_and_score(output,
                                                  target_category)
            targets = [ClassifierOutputTarget(category)]
        cam = cam_class(
            model=cam_model,
            target_layers=[module for _, module in layers],
            reshape_transform=transform)
        try:
            grayscale = cam(
                input_tensor=inputs,
                targets=targets,
                aug_smooth=aug_smooth,
                eigen_smooth=eigen_smooth)
        finally:
            cam.activations_and_grads.release()
    finally:
        cam_model.remove()
    return CAMResult(grayscale[0], category, score,
                     [name for name, _ in layers])


class _FeatureSum:
    """A target for dense models (gradient-free methods ignore it; it keeps
    pytorch_grad_cam from taking an argmax over a feature map)."""

    def __call__(self, output: torch.Tensor) -> torch.Tensor:
        return output.sum()


def _category_and_score(logits, target_category: Optional[int]):
    if not (isinstance(logits, torch.Tensor) and logits.dim() == 2):
        raise CAMError("the classifier's model(inputs, mode='tensor') "
                       f'returns {_describe(logits)}, not (N, classes) '
                       'logits')
    num_classes = logits.shape[1]
    if target_category is None:
        category = int(logits[0].argmax())
    elif 0 <= target_category < num_classes:
        category = target_category
    else:
        raise CAMError(f'--target-category {target_category} is not a '
                       f'class of this {num_classes}-class model (0 to '
                       f'{num_classes - 1})')
    score = float(logits[0].softmax(dim=0)[category])
    return category, score


def overlay_cam(image: np.ndarray, cam: np.ndarray,
                image_weight: float = 0.5) -> np.ndarray:
    """Draw ``cam`` as a JET heatmap over ``image``.

    Args:
        image (np.ndarray): ``H x W x 3`` uint8 image, BGR (as mmcv reads
            and writes them).
        cam (np.ndarray): A map in [0, 1]; its top-left ``H x W`` is drawn
            (the rest is the preprocessor's padding).
        image_weight (float): The image's share of the blend.

    Returns:
        np.ndarray: ``H x W x 3`` uint8 BGR image.
    """
    from pytorch_grad_cam.utils.image import show_cam_on_image

    h, w = image.shape[:2]
    if cam.shape[0] < h or cam.shape[1] < w:
        raise ValueError(f'the CAM ({cam.shape[0]}x{cam.shape[1]}) is '
                         f'smaller than the image ({h}x{w})')
    return show_cam_on_image(
        image.astype(np.float32) / 255,
        cam[:h, :w],
        use_rgb=False,
        image_weight=image_weight)
