"""Reseed the random generators at the start of every training epoch, so
that a run resumed from an epoch's checkpoint replays the next epoch
exactly (augmentations, drop path, dropout), as an uninterrupted run does.

MMEngine seeds once, when the Runner starts. A resumed run therefore
continues from a fresh generator state, not from the one the interrupted
run had reached, and its next epoch differs. Seeding each epoch with
``seed + epoch`` ties the random stream to the epoch instead of to the
process's history. With ``randomness=dict(seed=..., deterministic=True)``
a resumed run ends with the same weights, bit for bit on CPU, as long as
the data loader workers are not persistent (their generators live across
epochs).

MMEngine seeds each data loader worker with ``seed + worker index``, the
same in every epoch: non-persistent workers, started anew each epoch, would
draw the same random numbers every epoch (the same augmentations in the
same order; for a dataset that generates its items, such as Moving MNIST's
training sequences, the same items). The hook gives the workers
``seed + epoch`` too.

An iteration-based loop has a single epoch and resumes at any saved
iteration, so there the seed is ``seed + iteration``, set before every
iteration. Its batches come from workers whose generators a resumed run
replays by skipping the trained batches; with ``num_workers=0`` the
skipped batches draw from the generators this hook sets, and the resumed
run differs (:mod:`mogaseg.engine.resume_check` says so).
"""
import functools

from mmengine.hooks import Hook
from mmengine.runner import IterBasedTrainLoop, set_random_seed

from mogaseg.registry import HOOKS


@HOOKS.register_module()
class EpochSeedHook(Hook):
    """Seed ``random``, NumPy and torch with ``runner.seed + epoch`` before
    every training epoch, or with ``runner.seed + iter`` before every
    iteration of an iteration-based loop. The config runtimes enable it in
    ``default_hooks``."""
    priority = 'VERY_HIGH'

    def before_train_epoch(self, runner) -> None:
        set_random_seed(runner.seed + runner.epoch,
                        deterministic=_deterministic(runner))
        _seed_workers(runner.train_loop.dataloader, runner.seed + runner.epoch)

    def before_train_iter(self, runner, batch_idx, data_batch=None) -> None:
        if isinstance(runner.train_loop, IterBasedTrainLoop):
            set_random_seed(runner.seed + runner.iter,
                            deterministic=_deterministic(runner))


def _seed_workers(loader, seed: int) -> None:
    """Make MMEngine's worker seeding (a ``functools.partial`` of its
    ``worker_init_fn`` with ``seed``) use ``seed`` for the workers the
    loader starts next."""
    init_fn = getattr(loader, 'worker_init_fn', None)
    if isinstance(init_fn, functools.partial) and 'seed' in init_fn.keywords:
        loader.worker_init_fn = functools.partial(
            init_fn.func, *init_fn.args, **dict(init_fn.keywords, seed=seed))


def _deterministic(runner) -> bool:
    """The run's ``randomness.deterministic``. (MMEngine's FlexibleRunner
    has the property but not the attribute behind it.)"""
    try:
        return runner.deterministic
    except AttributeError:
        return bool(runner._randomness_cfg.get('deterministic', False))
