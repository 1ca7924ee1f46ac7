"""Sharded training with torch's second FSDP (``fully_shard``), as a
strategy of MMEngine's ``FlexibleRunner``.

Each repeated block of the backbone (the families' ``blocks``; a video
model's translator blocks too) is sharded on its own, then the whole model:
parameters, gradients and optimizer state are split over the ranks, and a
block's parameters are gathered only while it runs. FSDP2 works with gloo
on CPU as with NCCL on GPU.

Checkpoints hold the full (unsharded) state dicts, gathered by every rank
and written by rank 0: the file is an ordinary MMEngine checkpoint, which an
unsharded model loads (``tools/test.py``, ``get_model``) and a run at any
world size resumes from (the optimizer state is keyed by parameter name).
"""
import contextlib
import logging
import re
from typing import Iterator, List, Optional, Tuple, Type

import torch
import torch.distributed as dist
import torch.nn as nn
from torch.nn.modules.batchnorm import _BatchNorm
from mmengine._strategy import DDPStrategy
from mmengine._strategy.single_device import SingleDeviceStrategy
from mmengine.device import get_device
from mmengine.dist import is_main_process
from mmengine.logging import print_log

from mogaseg.errors import CheckpointMismatchError, ConfigError
from mogaseg.models.families import FAMILIES
from mogaseg.registry import STRATEGIES


def block_types() -> Tuple[Type[nn.Module], ...]:
    """The block classes of every backbone family."""
    return tuple(t for family in FAMILIES.values() for t in family.blocks)


def shard_units(model: nn.Module) -> List[nn.Module]:
    """The modules sharded one by one: every backbone block (outermost
    first; a block inside another is left to its parent)."""
    types = block_types()
    units, inside = [], set()
    for module in model.modules():
        if id(module) in inside:
            continue
        if isinstance(module, types):
            units.append(module)
            inside.update(id(m) for m in module.modules())
    return units


@STRATEGIES.register_module()
class FSDP2Strategy(DDPStrategy):
    """FSDP2 (``torch.distributed.fsdp.fully_shard``) for MMEngine's
    ``FlexibleRunner``::

        runner_type = 'FlexibleRunner'
        strategy = dict(type='mogaseg.FSDP2Strategy')

    Args:
        param_dtype (str, optional): Mixed precision: the dtype blocks
            compute in ('bfloat16', 'float16'); parameters stay float32,
            and BatchNorm computes with float32 weights on low-precision
            inputs.
            Defaults to None (float32).
        reduce_dtype (str, optional): The dtype gradients are reduced in.
            Defaults to ``param_dtype``.
        cpu_offload (bool): Keep the sharded parameters, gradients and
            optimizer state in CPU memory (GPU training). Defaults to False.
        reshard_after_forward (bool): Free a block's gathered parameters
            after its forward (less memory, one more gather in backward).
            Defaults to True.
        **kwargs: ``DDPStrategy``'s (``sync_bn``, ``work_dir`` ...).
    """

    def __init__(self,
                 *,
                 param_dtype: Optional[str] = None,
                 reduce_dtype: Optional[str] = None,
                 cpu_offload: bool = False,
                 reshard_after_forward: bool = True,
                 **kwargs):
        super().__init__(**kwargs)
        self.param_dtype = param_dtype
        self.reduce_dtype = reduce_dtype or param_dtype
        self.cpu_offload = cpu_offload
        self.reshard_after_forward = reshard_after_forward
        self._gathered: Optional[dict] = None

    def _shard_kwargs(self) -> dict:
        from torch.distributed.fsdp import (CPUOffloadPolicy,
                                            MixedPrecisionPolicy)
        kwargs = dict(reshard_after_forward=self.reshard_after_forward)
        if self.param_dtype is not None:
            kwargs['mp_policy'] = MixedPrecisionPolicy(
                param_dtype=getattr(torch, self.param_dtype),
                reduce_dtype=getattr(torch, self.reduce_dtype))
        if self.cpu_offload:
            kwargs['offload_policy'] = CPUOffloadPolicy()
        return kwargs

    def _wrap_model(self, model: nn.Module) -> nn.Module:
        """Shard every block, then the model, in place (FSDP2 keeps the
        module and its ``train_step``; there is no wrapper)."""
        from torch.distributed.fsdp import fully_shard
        if self.cpu_offload and get_device() == 'cpu':
            raise ConfigError(
                'FSDP2Strategy(cpu_offload=True) moves the shards off the '
                'GPU into CPU memory, and this run has no GPU: its shards '
                'are in CPU memory already. Leave cpu_offload out.')
        model = self.convert_model(model.to(get_device()))
        if not dist.is_initialized() or dist.get_world_size() == 1:
            if self.param_dtype or self.cpu_offload:
                print_log(
                    'FSDP2Strategy on one process shards nothing, so its '
                    'param_dtype and cpu_offload do nothing either: the '
                    'model trains in float32 (--amp for mixed precision)',
                    logger='current', level=logging.WARNING)
            return model  # one process: nothing to shard over
        kwargs = self._shard_kwargs()
        if self.param_dtype is not None:
            # BatchNorm keeps float32 weights beside its float32 running
            # statistics (it normalises low-precision inputs with them), as
            # the first FSDP's mixed precision does: units of their own,
            # before the blocks that hold them
            from torch.distributed.fsdp import MixedPrecisionPolicy
            norm_kwargs = dict(
                kwargs,
                mp_policy=MixedPrecisionPolicy(
                    param_dtype=torch.float32,
                    reduce_dtype=getattr(torch, self.reduce_dtype),
                    cast_forward_inputs=False))
            for norm in model.modules():
                if isinstance(norm, _BatchNorm):
                    fully_shard(norm, **norm_kwargs)
        for unit in shard_units(model):
            fully_shard(unit, **kwargs)
        fully_shard(model, **kwargs)
        return model

    # Full state dicts: gathered by every rank (a collective), so saving
    # gathers on all ranks first and rank 0 writes.
    @staticmethod
    def _options(strict: bool = True):
        # (imported here: torch's distributed checkpointing takes half a
        # second to import, which every tool would pay)
        from torch.distributed.checkpoint.state_dict import StateDictOptions
        return StateDictOptions(
            full_state_dict=True, cpu_offload=True, strict=strict)

    def model_state_dict(self) -> dict:
        from torch.distributed.checkpoint.state_dict import \
            get_model_state_dict
        if self._gathered is not None:
            return self._gathered['model']
        return get_model_state_dict(self.model, options=self._options())

    def optim_state_dict(self) -> dict:
        from torch.distributed.checkpoint.state_dict import \
            get_optimizer_state_dict
        if self._gathered is not None:
            return self._gathered['optimizer']
        return get_optimizer_state_dict(
            self.model, self.optim_wrapper.optimizer,
            options=self._options())

    @contextlib.contextmanager
    def _gather(self, save_optimizer: bool) -> Iterator[None]:
        gathered = dict(model=self.model_state_dict())
        if save_optimizer and hasattr(self, 'optim_wrapper'):
            gathered['optimizer'] = self.optim_state_dict()
        self._gathered = gathered
        try:
            yield
        finally:
            self._gathered = None

    def save_checkpoint(self, filename: str, *, save_optimizer: bool = True,
                        **kwargs) -> None:
        with self._gather(save_optimizer):
            if is_main_process():
                SingleDeviceStrategy.save_checkpoint(
                    self, filename, save_optimizer=save_optimizer, **kwargs)
        if dist.is_initialized():
            dist.barrier()  # the file exists for every rank afterwards

    def load_model_state_dict(self,
                              state_dict: dict,
                              *,
                              strict: bool = False,
                              revise_keys: list = [(r'^module\.', '')]
                              ) -> None:
        """Load full weights into the sharded model, each rank its shard.
        ``revise_keys`` as MMEngine's strategies apply them: a DDP run's
        checkpoint names its weights ``module.*``."""
        from torch.distributed.checkpoint.state_dict import \
            set_model_state_dict
        for pattern, replacement in revise_keys:
            state_dict = {
                re.sub(pattern, replacement, key): value
                for key, value in state_dict.items()
            }
        # (torch's own report of missing keys misses those of sharded
        # modules, so compare the names here)
        names = set(self.model.state_dict())
        missing = sorted(names - set(state_dict))
        unexpected = sorted(set(state_dict) - names)
        if strict and (missing or unexpected):
            raise CheckpointMismatchError(
                f'the checkpoint lacks {missing[:3]} ({len(missing)} in all) '
                f'and has {unexpected[:3]} ({len(unexpected)}) that the '
                'model lacks')
        if missing or unexpected:  # as MMEngine's non-strict loading does
            print_log(
                f'the checkpoint lacks {len(missing)} weights of the model '
                f'(e.g. {missing[:3]}) and has {len(unexpected)} that the '
                f'model lacks (e.g. {unexpected[:3]})',
                logger='current', level=logging.WARNING)
        set_model_state_dict(
            self.model, {k: v for k, v in state_dict.items() if k in names},
            options=self._options(strict))

    def load_optim_state_dict(self, state_dict: dict) -> None:
        """Load the optimizer state of a run at any world size: ours is
        keyed by parameter name; a DDP or single-process checkpoint's by
        position, in the order of ``named_parameters``."""
        from torch.distributed.checkpoint.state_dict import \
            set_optimizer_state_dict
        set_optimizer_state_dict(
            self.model, self.optim_wrapper.optimizer,
            _by_name(state_dict, self.model), options=self._options())


def _by_name(state_dict: dict, model: nn.Module) -> dict:
    """An optimizer state dict keyed by parameter position (torch's own
    ``Optimizer.state_dict()``) -> keyed by parameter name."""
    groups = state_dict.get('param_groups', [])
    if not groups or all(isinstance(p, str) for g in groups
                         for p in g['params']):
        return state_dict
    names = [name for name, p in model.named_parameters() if p.requires_grad]
    return dict(
        state={names[i]: s for i, s in state_dict['state'].items()},
        param_groups=[dict(g, params=[names[i] for i in g['params']])
                      for g in groups])
