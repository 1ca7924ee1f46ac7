"""Layer depths of backbone parameters, for layer-wise learning-rate decay.

mmpretrain's ``LearningRateDecayOptimWrapperConstructor`` scales the
learning rate of a parameter at depth ``d`` of ``n`` by
``rate ** (n - d - 1)``; it asks the model's ``get_layer_depth``. Every
backbone here answers with the MogaNet release's layer-wise rule (its
dense configs decay 0.8 over 12 layers), which assumes four stages:

* stage 1's embedding: 0; stage 1's blocks: 2;
* stage 2's embedding and blocks: 3; stage 3's embedding: 4;
* stage 3's blocks in pairs from 3 (the i-th: ``3 + i // 2``, at most 11);
* stage 4 (embedding and blocks): 12;
* everything else (output norms, neck, heads): 13, of 14 depths.
"""
import re
from typing import Optional, Tuple

_Position = Optional[Tuple[int, Optional[int]]]
# patch_embed{i} / blocks{i}.{j}: MogaNet's and VAN's (mmpretrain's) names
_NUMBERED_STAGES = re.compile(r'^(patch_embed|blocks)(\d+)\.(?:(\d+)\.)?')


def numbered_stage_position(name: str) -> _Position:
    """The position of a parameter in a backbone whose stages are
    ``patch_embed{i}`` and ``blocks{i}`` (counted from 1)."""
    match = _NUMBERED_STAGES.match(name)
    if match is None:
        return None
    kind, stage, block = match.groups()
    if kind == 'patch_embed':
        return int(stage) - 1, None
    return int(stage) - 1, int(block)


class LayerDepthMixin:
    """``get_layer_depth`` for a backbone that says where its parameters
    sit (:meth:`_param_position`)."""

    #: Depths over which the backbone's blocks spread (the release's 12).
    num_decay_layers = 12

    def _param_position(self, name: str) -> _Position:
        """(stage, block index) of a parameter name (without prefix); block
        None for the embedding / down-sampling into the stage; None for a
        parameter outside the stages."""
        raise NotImplementedError

    def get_layer_depth(self, param_name: str,
                        prefix: str = '') -> Tuple[int, int]:
        """The layer depth of a parameter and the number of depths.

        Args:
            param_name (str): The parameter's name in the whole model.
            prefix (str): The backbone's prefix in the model, e.g.
                'backbone.'; other parameters (neck, head) get the top depth.
        """
        top = self.num_decay_layers
        num_depths = top + 2
        if not param_name.startswith(prefix):
            return num_depths - 1, num_depths
        position = self._param_position(param_name[len(prefix):])
        if position is None:
            return num_depths - 1, num_depths
        stage, block = position
        if stage >= 3:
            depth = top
        elif block is None:  # the embedding into the stage
            depth = (0, 3, 4)[stage]
        elif stage == 2:
            depth = min(3 + block // 2, top - 1)
        else:
            depth = stage + 2
        return depth, num_depths
