"""The per-rank state measure of tools/analysis/shard_memory.py."""
import torch
import torch.nn as nn

from mogaseg.analysis.shard_memory import (RankState, per_rank_table,
                                           rank_state)


def test_rank_state_counts_params_grads_and_adam_moments():
    model = nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 2))
    model[1].bias.requires_grad_(False)  # frozen: not training state
    optimizer = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad])
    model(torch.rand(3, 4)).sum().backward()
    optimizer.step()
    trained = 4 * 8 + 8 + 8 * 2  # float32 values
    state = rank_state(model, optimizer)
    assert state == RankState(params=4 * trained, grads=4 * trained,
                              optimizer=2 * 4 * trained)  # exp_avg(_sq)
    assert state.total == 16 * trained


def test_table_gives_each_rows_share_of_the_first():
    table = per_rank_table({
        'ddp': RankState(2**20, 2**20, 2 * 2**20),
        'fsdp2': RankState(2**19, 2**19, 2**20)
    })
    assert '| ddp | 1.0 | 1.0 | 2.0 | 4.0 | 100% |' in table
    assert '| fsdp2 | 0.5 | 0.5 | 1.0 | 2.0 | 50% |' in table
