"""Per-rank memory of the training state, replicated (DDP) against sharded
(FSDP2), on local CPU processes (gloo)::

    python tools/analysis/shard_memory.py CONFIG --nproc 2

Each mode runs its own processes: every rank builds the config's model,
wraps it, takes one AdamW step on a random input and reports the bytes it
holds of the parameters, gradients and optimizer state (a sharded tensor:
its local shard). Activations are not counted. Prints one row per mode,
rank 0's numbers, and each row's share of the DDP row.
"""
import argparse
import socket

import torch.multiprocessing as mp

from mogaseg.analysis.shard_memory import (measure_rank, per_rank_table)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _rank(rank, config, mode, world_size, port, results):
    state = measure_rank(config, mode, rank, world_size, port)
    results[rank] = state


def measure(config: str, mode: str, nproc: int):
    """Every rank's :class:`RankState` of one mode, in rank order."""
    with mp.Manager() as manager:
        results = manager.dict()
        mp.spawn(_rank, args=(config, mode, nproc, _free_port(), results),
                 nprocs=nproc)
        return [results[r] for r in range(nproc)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument('--nproc', type=int, default=2,
                        help='processes (ranks); default 2')
    args = parser.parse_args(argv)
    if args.nproc < 1:
        parser.error('--nproc must be positive')
    rows = {}
    for mode in ('ddp', 'fsdp2'):
        print(f'measuring {mode} on {args.nproc} processes ...', flush=True)
        rows[mode] = measure(args.config, mode, args.nproc)[0]
    print(f'\n{args.config}, {args.nproc} ranks, rank 0 after one AdamW '
          'step (activations not counted)\n')
    print(per_rank_table(rows))


if __name__ == '__main__':
    main()
