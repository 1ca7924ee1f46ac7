"""What the analysis tools measure: a config's model, or a backbone by name
inside the papers' ImageNet classifier."""
import os.path as osp
from typing import Optional, Tuple

import torch
import torch.nn as nn

from mogaseg.apis import build_model_from_config
from mogaseg.apis.model import init_report_at_debug
from mogaseg.models.families import FAMILIES
from mogaseg.utils.package_configs import config_file, load_config_file
from .complexity import TensorForward


class ImageClassifier(nn.Module):
    """Backbone, global average pooling and a linear head: the classifier
    the backbone papers time and count."""

    def __init__(self, backbone: nn.Module, channels: int,
                 num_classes: int = 1000):
        super().__init__()
        self.backbone = backbone
        self.head = nn.Linear(channels, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.backbone(x)[-1].mean(dim=(2, 3)))


def parse_backbone_name(name: str) -> Tuple[str, str]:
    """'moganet-tiny' -> ('mogaseg.MogaNet', 'tiny'); 'moat-0' ->
    ('mogaseg.MOAT', 'moat-0'): the families' name prefixes."""
    prefixes = {}
    for family in FAMILIES.values():
        for prefix in family.name_prefixes:
            prefixes[prefix] = family
    # the longest prefix first: 'tiny-moat-' before 'moat-'
    for prefix in sorted(prefixes, key=len, reverse=True):
        if name.startswith(prefix):
            family = prefixes[prefix]
            arch = name if family.arch_in_name else name[len(prefix):]
            return family.type_name, arch
    raise ValueError(
        f'{name!r} is neither a config file nor a backbone name; backbone '
        f'names start with one of {sorted(prefixes)}, e.g. '
        "'moganet-tiny', 'focalnet-tiny-srf', 'tiny-moat-0'")


def config_in_shape(target: str) -> Optional[Tuple[int, ...]]:
    """A video config's ``model.in_shape`` ``(T, C, H, W)``; None for a
    backbone name, an image model's config or a missing file (the tools
    report that one)."""
    if not target.endswith('.py') or not osp.isfile(config_file(target)):
        return None
    in_shape = load_config_file(target).model.get('in_shape')
    return tuple(in_shape) if in_shape else None


def build_target(target: str,
                 with_cp: bool = False,
                 input_shape: Tuple[int, int] = (224, 224)) -> nn.Module:
    """A module from image batches to logits (classifiers) or to the
    un-post-processed head outputs (detectors, segmentors), or from frame
    batches to predicted frames (video models).

    Args:
        target (str): A config file, or a backbone name such as
            'moganet-tiny' (then the 1000-class ImageNet classifier).
        with_cp (bool): Build the backbone with activation checkpointing.
        input_shape (tuple[int, int]): The input size, which detectors need
            for their image meta.
    """
    if target.endswith('.py'):
        if not osp.isfile(config_file(target)):
            raise FileNotFoundError(f'config file not found: {target}')
        options = {'model.backbone.with_cp': True} if with_cp else None
        model = build_model_from_config(target, cfg_options=options)
        return TensorForward(model, input_shape)
    from mogaseg.registry import MODELS
    import mogaseg.models  # noqa: F401 (registers the backbones)
    type_name, arch = parse_backbone_name(target)
    cfg = dict(type=type_name, arch=arch)
    if with_cp:  # not every backbone has the option (mmpretrain's VAN)
        cfg['with_cp'] = True
    backbone = MODELS.build(cfg)
    with init_report_at_debug():
        backbone.init_weights()
    channels = last_output_channels(backbone, input_shape)
    return ImageClassifier(backbone.train(), channels)


def last_output_channels(backbone: nn.Module,
                         input_shape: Tuple[int, int]) -> int:
    """The channels of a backbone's last output on images of
    ``input_shape``: what a classifier head on it takes. Probed in eval
    mode (BatchNorm statistics untouched), which the backbone is left in."""
    backbone.eval()
    with torch.no_grad():
        return backbone(torch.zeros(1, 3, *input_shape))[-1].shape[1]
