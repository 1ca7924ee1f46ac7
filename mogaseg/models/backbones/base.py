"""What every hierarchical backbone here shares: the ``out_indices`` /
``frozen_stages`` / ``norm_eval`` contract of mmpretrain's backbones, the
``arch`` parser and the paper initialisation under ``init_cfg``."""
from typing import List, Sequence, Tuple, Type, Union

import torch.nn as nn
from mmengine.model import BaseModule
from torch.nn.modules.batchnorm import _BatchNorm

from .arch import ArchParserMixin
from .layer_depth import LayerDepthMixin


def _loads_pretrained(init_cfg) -> bool:
    cfgs = init_cfg if isinstance(init_cfg, (list, tuple)) else [init_cfg]
    return any(
        isinstance(cfg, dict) and cfg.get('type') == 'Pretrained'
        for cfg in cfgs)


class StagedBackbone(ArchParserMixin, LayerDepthMixin, BaseModule):
    """Base class of a backbone made of stages.

    Subclasses call :meth:`_set_stage_options` once they know their number
    of stages, implement :meth:`_stage_modules`, :meth:`_param_position`
    (for ``get_layer_depth``) and :meth:`_init_module` (the paper's
    initialisation), and call :meth:`_freeze_stages` at the end of
    ``__init__``.
    """

    def _init_module(self, module: nn.Module) -> None:
        """The paper's initialisation of one module (``self.apply``)."""

    def init_weights(self) -> None:
        """The paper's initialisation (:meth:`_init_module`), unless
        ``init_cfg`` loads pretrained weights; then MMEngine applies
        ``init_cfg`` (a dict or a list), its ``Pretrained`` entry last, so
        nothing overwrites the loaded weights."""
        if not self._is_init and not _loads_pretrained(self.init_cfg):
            self.apply(self._init_module)
        super().init_weights()

    #: Layers that ``norm_eval`` keeps in eval mode (frozen statistics).
    norm_eval_types: Tuple[Type[nn.Module], ...] = (_BatchNorm, )

    def _set_stage_options(self, num_stages: int,
                           out_indices: Union[int, Sequence[int]],
                           frozen_stages: int, norm_eval: bool) -> None:
        """Check and store ``out_indices`` (negative values count from the
        end), ``frozen_stages`` and ``norm_eval``."""
        if isinstance(out_indices, int):
            out_indices = [out_indices]
        out_indices = [i % num_stages if i < 0 else i for i in out_indices]
        for i in out_indices:
            if not 0 <= i < num_stages:
                raise ValueError(f'out_indices {i} is out of range for '
                                 f'{num_stages} stages')
        if not out_indices:
            raise ValueError('out_indices must name at least one stage')
        if not -1 <= frozen_stages < num_stages:
            raise ValueError(f'frozen_stages={frozen_stages} must be in '
                             f'[-1, {num_stages - 1}]')
        self.out_indices = tuple(sorted(set(out_indices)))
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval

    def _stage_modules(self, i: int) -> List[nn.Module]:
        """The modules of stage ``i`` (the stem belongs to stage 0)."""
        raise NotImplementedError

    def _freeze_stages(self) -> None:
        for i in range(self.frozen_stages + 1):
            for module in self._stage_modules(i):
                module.eval()
                for param in module.parameters():
                    param.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        if mode and self.norm_eval:
            for m in self.modules():
                if isinstance(m, self.norm_eval_types):
                    m.eval()
        return self
