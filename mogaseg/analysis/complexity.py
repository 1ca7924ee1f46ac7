"""Params and FLOPs of a built model, with MMEngine's counter.

FLOPs here are multiply-accumulates, the unit the backbone papers (and
mmpretrain/mmdet/mmseg's ``get_flops``) report as "FLOPs".
"""
import math
from dataclasses import dataclass
from typing import Any, List, Tuple

import torch
import torch.nn as nn
from mmengine.analysis import FlopAnalyzer, parameter_count
from mmengine.analysis.jit_handles import get_shape
from mmengine.analysis.print_helper import complexity_stats_table


@dataclass
class ModelComplexity:
    params: int
    flops: int
    input_shape: Tuple[int, int]
    table: str

    def summary(self) -> str:
        h, w = self.input_shape
        return (f'Input shape: {h}x{w}\n'
                f'Params: {self.params / 1e6:.2f} M\n'
                f'FLOPs: {self.flops / 1e9:.2f} G '
                '(multiply-accumulates, as the papers count)')


def example_input(model: nn.Module, batch_size: int,
                  shape: Tuple[int, int]) -> torch.Tensor:
    """A random input batch for ``model`` (or the model a
    :class:`TensorForward` wraps): images ``(N, 3, H, W)``, or, for a video
    model, ``(N, T, C, H, W)`` frames of its ``in_shape``."""
    in_shape = getattr(getattr(model, 'model', model), 'in_shape', None)
    if in_shape is not None:
        return torch.rand(batch_size, *in_shape[:2], *shape)
    return torch.rand(batch_size, 3, *shape)


class TensorForward(nn.Module):
    """Runs a task model on a plain image batch, without post-processing:
    the classifier's logits, the detector's head outputs, the segmentor's
    decoder logits; a video model on a frame batch: its predicted
    frames."""

    def __init__(self, model: nn.Module, input_shape: Tuple[int, int]):
        super().__init__()
        self.model = model
        self.samples = None
        if model.default_scope == 'mmdet':
            # Two-stage detectors need the image meta of their proposals.
            from mmdet.structures import DetDataSample
            h, w = input_shape
            self.samples = [
                DetDataSample(
                    metainfo=dict(
                        img_shape=(h, w),
                        ori_shape=(h, w),
                        pad_shape=(h, w),
                        batch_input_shape=(h, w),
                        scale_factor=(1., 1.)))
            ]

    def forward(self, x: torch.Tensor):
        if self.model.default_scope == 'mmdet':
            return self.model._forward(x, self.samples)
        # mmpose's forward has no default for data_samples
        return self.model(x, None, mode='tensor')


def count_complexity(model: nn.Module,
                     input_shape: Tuple[int, int] = (224, 224),
                     show_table: bool = False) -> ModelComplexity:
    """Params and FLOPs of ``model`` on one ``3 x H x W`` image (a video
    model: one sequence of ``H x W`` frames).

    Args:
        model (nn.Module): A model from
            :func:`mogaseg.apis.build_model_from_config` (it knows its task
            scope), or any module taking an image batch.
        input_shape (tuple[int, int]): ``(H, W)``.
        show_table (bool): Also keep the per-module table.
    """
    h, w = input_shape
    if hasattr(model, 'default_scope'):
        model = TensorForward(model, input_shape)
    was_training = model.training
    model.eval()
    with torch.no_grad():
        flops = FlopAnalyzer(model, (example_input(model, 1, (h, w)), ))
        # mmengine has no count for the fused attention op
        flops.set_op_handle('aten::scaled_dot_product_attention',
                            attention_flop_jit)
        total = flops.total()
        table = complexity_stats_table(flops, show_param_shapes=True) \
            if show_table else ''
    model.train(was_training)
    return ModelComplexity(
        params=parameter_count(model)[''],
        flops=total,
        input_shape=(h, w),
        table=table)


def attention_flop_jit(inputs: List[Any], outputs: List[Any]) -> int:
    """Multiply-accumulates of ``scaled_dot_product_attention``: the two
    matmuls, ``q @ k^T`` and ``attn @ v``, as the tracer counts them in an
    attention written out step by step."""
    q_shape, k_shape, v_shape = (get_shape(v) for v in inputs[:3])
    batch = math.prod(q_shape[:-2])
    queries, keys = q_shape[-2], k_shape[-2]
    return batch * queries * keys * (q_shape[-1] + v_shape[-1])
