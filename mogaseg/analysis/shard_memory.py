"""What each rank holds of a model's training state, replicated (DDP) or
sharded (FSDP2): its parameters, gradients and optimizer state, measured
after one training step on every rank of a local process group."""
import os
from dataclasses import dataclass
from typing import Dict, Iterable

import torch
import torch.distributed as dist
import torch.nn as nn


@dataclass
class RankState:
    """Bytes one rank holds."""
    params: int
    grads: int
    optimizer: int

    @property
    def total(self) -> int:
        return self.params + self.grads + self.optimizer


def _local_bytes(tensors: Iterable[torch.Tensor]) -> int:
    """Bytes of the rank's own part (a DTensor's local shard)."""
    total = 0
    for t in tensors:
        if t is None:
            continue
        local = t.to_local() if hasattr(t, 'to_local') else t
        total += local.numel() * local.element_size()
    return total


def rank_state(model: nn.Module,
               optimizer: torch.optim.Optimizer) -> RankState:
    """What this rank holds of ``model``'s training state."""
    params = [p for p in model.parameters() if p.requires_grad]
    return RankState(
        params=_local_bytes(params),
        grads=_local_bytes(p.grad for p in params),
        optimizer=_local_bytes(
            v for state in optimizer.state.values() for v in state.values()
            if torch.is_tensor(v) and v.dim() > 0))


def measure_rank(config: str, mode: str, rank: int, world_size: int,
                 port: int) -> RankState:
    """Join the local gloo group, build ``config``'s model, wrap it for
    ``mode`` ('ddp' or 'fsdp2'), take one AdamW step and measure."""
    from mogaseg.apis import build_model_from_config
    from mogaseg.engine.strategies import shard_units
    from .complexity import example_input
    os.environ.update(MASTER_ADDR='127.0.0.1', MASTER_PORT=str(port))
    dist.init_process_group('gloo', rank=rank, world_size=world_size)
    try:
        torch.manual_seed(0)
        model = build_model_from_config(config)
        if mode == 'ddp':
            wrapped = nn.parallel.DistributedDataParallel(model)
        elif mode == 'fsdp2':
            from torch.distributed.fsdp import fully_shard
            for unit in shard_units(model):
                fully_shard(unit)
            wrapped = fully_shard(model)
        else:
            raise ValueError(f"mode must be 'ddp' or 'fsdp2', got {mode!r}")
        optimizer = torch.optim.AdamW(wrapped.parameters(), lr=1e-4)
        # the tensor forward (a classifier's logits, a video model's
        # frames): its activations are not what is measured
        outputs = wrapped(example_input(model, 1, (64, 64)), None,
                          mode='tensor')
        loss = sum(o.float().mean() for o in (
            outputs if isinstance(outputs, (list, tuple)) else [outputs]))
        loss.backward()
        optimizer.step()
        return rank_state(model, optimizer)
    finally:
        dist.destroy_process_group()


def per_rank_table(rows: Dict[str, RankState]) -> str:
    """Rows of MiB per rank, and each row's share of the first one's."""
    first = next(iter(rows.values())).total
    lines = ['| mode | params (MiB) | grads (MiB) | optimizer (MiB) | '
             'total (MiB) | share |', '|---|---|---|---|---|---|']
    for name, state in rows.items():
        mib = [v / 2**20 for v in (state.params, state.grads,
                                    state.optimizer, state.total)]
        lines.append(f'| {name} | ' + ' | '.join(f'{v:.1f}' for v in mib) +
                     f' | {state.total / first:.0%} |')
    return '\n'.join(lines)
