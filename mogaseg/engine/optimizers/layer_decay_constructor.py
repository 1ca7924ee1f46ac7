"""Layer-wise learning-rate decay for any task's model."""
from functools import partial
from typing import Callable, List, Optional

import torch.nn as nn
from mmpretrain.engine.optimizers import \
    LearningRateDecayOptimWrapperConstructor as MMPretrainConstructor

from mogaseg.registry import OPTIM_WRAPPER_CONSTRUCTORS


@OPTIM_WRAPPER_CONSTRUCTORS.register_module()
class LearningRateDecayOptimWrapperConstructor(MMPretrainConstructor):
    """mmpretrain's layer-wise learning-rate decay, for detectors and
    segmentors too.

    mmpretrain's constructor asks the model for ``get_layer_depth``, which
    its classifiers have and mmdet's and mmseg's models do not; those ask
    their backbone here (every mogaseg backbone has it, with the
    ``backbone.`` prefix), so one config key serves all tasks::

        optim_wrapper = dict(
            constructor='mogaseg.LearningRateDecayOptimWrapperConstructor',
            paramwise_cfg=dict(layer_decay_rate=0.8))
    """

    def add_params(self,
                   params: List[dict],
                   module: nn.Module,
                   prefix: str = '',
                   get_layer_depth: Optional[Callable] = None,
                   **kwargs) -> None:
        if get_layer_depth is None and not hasattr(module, 'get_layer_depth'):
            backbone = getattr(module, 'backbone', None)
            if not hasattr(backbone, 'get_layer_depth'):
                raise NotImplementedError(
                    f'layer-wise learning-rate decay needs get_layer_depth '
                    f'on {type(module).__name__} or on its backbone')
            get_layer_depth = partial(
                backbone.get_layer_depth, prefix='backbone.')
        super().add_params(params, module, prefix, get_layer_depth, **kwargs)
