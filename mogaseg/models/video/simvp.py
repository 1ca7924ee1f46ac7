"""SimVP: video prediction with a spatial encoder, a translator on the
time-stacked features and a spatial decoder.

Paper: "SimVP: Simpler yet Better Video Prediction" (CVPR 2022) and its
extension "SimVP: Towards Simple yet Powerful Spatiotemporal Predictive
Learning" (arXiv:2211.12509), where the translator's block is swapped for
the blocks of image backbones (MogaNet, VAN, ...).
"""
import math
from typing import Dict, List, Optional, Sequence, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmengine.structures import BaseDataElement

from mogaseg.registry import MODELS
from ..backbones.moganet import init_moganet_weights
from ..families import register_model_release_format
from .simvp_release import RELEASE_FORMAT
from .spatial_coder import SpatialDecoder, SpatialEncoder
from .translator import TemporalTranslator


@MODELS.register_module()
class SimVP(BaseModel):
    """SimVP video predictor.

    Each of the ``T`` input frames is encoded on its own
    (:class:`SpatialEncoder`, ``num_spatial_layers`` layers, so at
    ``1 / 2**(num_spatial_layers // 2)`` of the frame size); the ``T``
    feature maps are stacked along the channels and translated by
    ``num_translator_blocks`` image-backbone blocks
    (:class:`TemporalTranslator`); each of the ``T`` resulting maps is
    decoded (:class:`SpatialDecoder`) into one future frame. All ``T``
    future frames come out of one pass; more are predicted by feeding the
    prediction back in, fewer by keeping the first.

    The published names of the hyper-parameters are ``hid_S``
    (``spatial_channels``), ``hid_T`` (``translator_channels``), ``N_S``
    (``num_spatial_layers``) and ``N_T`` (``num_translator_blocks``).

    Args:
        in_shape (Sequence[int]): ``(T, C, H, W)`` of the input frames.
            ``T`` and ``C`` fix the translator's width; ``H, W`` is the
            size the analysis tools count at (any size divisible by the
            encoder's stride runs).
        spatial_channels (int): Channels of the encoder and decoder.
            Defaults to 64.
        translator_channels (int): Channels inside the translator.
            Defaults to 512.
        num_spatial_layers (int): Layers of the encoder and of the decoder.
            Defaults to 4.
        num_translator_blocks (int): Blocks of the translator. Defaults
            to 8.
        translator (dict): The translator's block (see
            :class:`TemporalTranslator`). Defaults to MogaNet's with an
            FFN ratio of 8.
        drop_path_rate (float): Stochastic depth of the translator's last
            block. Defaults to 0.
        spatial_kernel_size (int): Kernel of the encoder's and decoder's
            convs. Defaults to 3.
        data_preprocessor (dict, optional): Defaults to MMEngine's
            ``BaseDataPreprocessor`` (moves the batch to the device).
        init_cfg (dict, optional): MMEngine initialisation config.

    Example:
        >>> import torch
        >>> model = SimVP(in_shape=(10, 1, 64, 64), spatial_channels=16,
        ...               translator_channels=64, num_translator_blocks=2)
        >>> model(torch.rand(2, 10, 1, 64, 64)).shape
        torch.Size([2, 10, 1, 64, 64])
    """

    def __init__(self,
                 in_shape: Sequence[int],
                 spatial_channels: int = 64,
                 translator_channels: int = 512,
                 num_spatial_layers: int = 4,
                 num_translator_blocks: int = 8,
                 translator: dict = dict(
                     type='mogaseg.MogaBlock', ffn_ratio=8.),
                 drop_path_rate: float = 0.,
                 spatial_kernel_size: int = 3,
                 data_preprocessor: Optional[dict] = None,
                 init_cfg: Optional[dict] = None):
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if len(in_shape) != 4:
            raise ValueError(f'in_shape is (T, C, H, W), got {in_shape}')
        self.in_shape = tuple(int(s) for s in in_shape)
        frames, channels = self.in_shape[:2]
        self.stride = 2**(num_spatial_layers // 2)
        self.encoder = SpatialEncoder(channels, spatial_channels,
                                      num_spatial_layers, spatial_kernel_size)
        self.translator = TemporalTranslator(
            frames * spatial_channels,
            translator_channels,
            num_translator_blocks,
            block=translator,
            drop_path_rate=drop_path_rate)
        self.decoder = SpatialDecoder(spatial_channels, channels,
                                      num_spatial_layers, spatial_kernel_size)

    def init_weights(self):
        """The published initialisation: truncated-normal (0.02) convs in
        the encoder and decoder, He-normal (fan-out per group) convs and
        unit norms in the translator's blocks; the translator's channel
        projections and the readout keep PyTorch's default."""
        super().init_weights()
        if self.init_cfg:  # a checkpoint or the config's own scheme
            return
        for coder in (self.encoder, self.decoder):
            for layer in coder.layers:
                nn.init.trunc_normal_(layer.conv.weight, std=.02)
                nn.init.zeros_(layer.conv.bias)
        for layer in self.translator.layers:
            layer.block.apply(init_moganet_weights)

    def forward(self,
                inputs: torch.Tensor,
                targets: Optional[torch.Tensor] = None,
                sample_idx: Optional[Union[torch.Tensor, List[int]]] = None,
                mode: str = 'tensor'):
        """``inputs`` ``(B, T, C, H, W)`` ->

        - ``mode='tensor'``: the predicted frames ``(B, T', C, H, W)``
          (``T' = T``, or as many as ``targets`` has);
        - ``mode='loss'``: ``dict(loss_mse=...)``, the mean squared error
          against ``targets``;
        - ``mode='predict'``: one :class:`~mmengine.structures.
          BaseDataElement` per sample with ``pred_frames`` (and
          ``gt_frames`` where ``targets`` is given).
        """
        num_frames = self.in_shape[0] if targets is None else \
            targets.shape[1]
        pred = self.predict_frames(inputs, num_frames)
        if mode == 'tensor':
            return pred
        if mode == 'loss':
            if targets is None:
                raise ValueError("mode='loss' needs targets")
            return dict(loss_mse=F.mse_loss(pred, targets))
        if mode == 'predict':
            return self._data_samples(pred, targets, sample_idx)
        raise ValueError(f"mode must be 'tensor', 'loss' or 'predict', got "
                         f'{mode!r}')

    def predict_frames(self, inputs: torch.Tensor,
                       num_frames: int) -> torch.Tensor:
        """The next ``num_frames`` frames after ``inputs``."""
        chunks, seen = [], inputs
        for _ in range(math.ceil(num_frames / self.in_shape[0])):
            seen = self.predict_next(seen)
            chunks.append(seen)
        return torch.cat(chunks, dim=1)[:, :num_frames]

    def predict_next(self, inputs: torch.Tensor) -> torch.Tensor:
        """One pass: ``T`` frames in, the next ``T`` out."""
        self._check_inputs(inputs)
        b, t, c, h, w = inputs.shape
        latent, skip = self.encoder(inputs.reshape(b * t, c, h, w))
        _, c_, h_, w_ = latent.shape
        latent = self.translator(latent.reshape(b, t * c_, h_, w_))
        frames = self.decoder(latent.reshape(b * t, c_, h_, w_), skip)
        return frames.reshape(b, t, c, h, w)

    def _check_inputs(self, inputs: torch.Tensor) -> None:
        frames, channels = self.in_shape[:2]
        if inputs.dim() != 5 or tuple(inputs.shape[1:3]) != (frames,
                                                              channels):
            raise ValueError(
                f'SimVP takes (B, {frames}, {channels}, H, W) frames (its '
                f'in_shape {self.in_shape}), got {tuple(inputs.shape)}')
        if inputs.shape[-2] % self.stride or inputs.shape[-1] % self.stride:
            raise ValueError(
                f'frame size {tuple(inputs.shape[-2:])} is not divisible by '
                f"the encoder's stride {self.stride}")

    @staticmethod
    def _data_samples(pred: torch.Tensor, targets: Optional[torch.Tensor],
                      sample_idx) -> List[BaseDataElement]:
        samples = []
        for i, frames in enumerate(pred):
            sample = BaseDataElement(pred_frames=frames)
            if targets is not None:
                sample.gt_frames = targets[i]
            if sample_idx is not None:
                sample.set_metainfo(dict(sample_idx=int(sample_idx[i])))
            samples.append(sample)
        return samples


register_model_release_format(RELEASE_FORMAT)
