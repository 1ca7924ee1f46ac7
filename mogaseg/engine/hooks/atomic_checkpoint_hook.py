"""Checkpoints that a kill at any moment cannot leave half-written.

MMEngine's :class:`~mmengine.hooks.CheckpointHook` writes the checkpoint in
place, deletes the oldest one (``max_keep_ckpts``) *before* writing the new
one, and rewrites ``last_checkpoint`` in place. A job killed while saving
can so be left with a truncated latest checkpoint, or with
``last_checkpoint`` naming a file that is gone. Here every file is written
to a temporary name, flushed to disk and renamed over the target (atomic on
POSIX), and the oldest checkpoint is deleted only after the new one and
the pointer to it are in place.

The best checkpoint (``save_best``) likewise: MMEngine removes the previous
``best_*.pth`` before it writes the new one, so a kill in between left no
best checkpoint at all. Here the removal waits until the new one exists.
"""
import os
import os.path as osp
from typing import Callable, List, Tuple, Union

import mmengine
from mmengine.dist import is_main_process
from mmengine.fileio import LocalBackend, register_backend
from mmengine.hooks import CheckpointHook

from mogaseg.registry import HOOKS


def atomic_write(data: Union[bytes, str], path: str) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a
    reader sees the old file or the whole new one, never a part."""
    mmengine.mkdir_or_exist(osp.dirname(osp.abspath(path)))
    tmp = f'{path}.tmp-{os.getpid()}'
    try:
        with open(tmp, 'wb' if isinstance(data, bytes) else 'w') as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise


@register_backend('atomic_local')
class AtomicLocalBackend(LocalBackend):
    """MMEngine's local file backend whose writes are atomic."""

    def put(self, obj: bytes, filepath) -> None:
        atomic_write(obj, str(filepath))

    def put_text(self, obj: str, filepath, encoding: str = 'utf-8') -> None:
        atomic_write(obj.encode(encoding), str(filepath))


class _DeferredRemovals:
    """A file backend that records ``remove`` and ``rmtree`` instead of
    doing them, and passes everything else to ``backend``."""

    def __init__(self, backend):
        self._backend = backend
        self.pending: List[Tuple[Callable, str]] = []

    def remove(self, path) -> None:
        self.pending.append((self._backend.remove, path))

    def rmtree(self, path) -> None:
        self.pending.append((self._backend.rmtree, path))

    def __getattr__(self, name):
        return getattr(self._backend, name)


@HOOKS.register_module()
class AtomicCheckpointHook(CheckpointHook):
    """:class:`~mmengine.hooks.CheckpointHook` with atomic saves; see the
    module docstring. Takes the same arguments. Without ``backend_args`` it
    writes through :class:`AtomicLocalBackend`; with other storage
    (``backend_args``) the saves are as atomic as that storage makes
    them."""

    def __init__(self, *args, backend_args=None, **kwargs):
        if backend_args is None and kwargs.get('file_client_args') is None:
            backend_args = dict(backend='atomic_local')
        super().__init__(*args, backend_args=backend_args, **kwargs)

    def _save_checkpoint_with_step(self, runner, step, meta):
        stale = None
        if self.max_keep_ckpts > 0 and not (
                self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step):
            if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
                stale = self.keep_ckpt_ids.popleft()
            self.keep_ckpt_ids.append(step)
            runner.message_hub.update_info('keep_ckpt_ids',
                                           list(self.keep_ckpt_ids))

        ckpt_filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir,
                                                     ckpt_filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        runner.save_checkpoint(
            self.out_dir,
            ckpt_filename,
            self.file_client_args,
            save_optimizer=self.save_optimizer,
            save_param_scheduler=self.save_param_scheduler,
            meta=meta,
            by_epoch=self.by_epoch,
            backend_args=self.backend_args,
            **self.args)
        if not is_main_process():
            return
        atomic_write(self.last_ckpt, osp.join(runner.work_dir,
                                              'last_checkpoint'))
        # Only now that the new checkpoint and the pointer to it exist.
        if stale is not None:
            path = self.file_backend.join_path(
                self.out_dir, self.filename_tmpl.format(stale))
            if self.file_backend.isfile(path):
                self.file_backend.remove(path)
            elif self.file_backend.isdir(path):
                self.file_backend.rmtree(path)  # DeepSpeed saves folders

    def _save_best_checkpoint(self, runner, metrics) -> None:
        # MMEngine's method removes the old best before saving the new one;
        # run it with the removals deferred, and do them only once it has
        # returned, i.e. once the new best is written. If the save fails,
        # the old best stays.
        backend = self.file_backend
        self.file_backend = deferred = _DeferredRemovals(backend)
        try:
            super()._save_best_checkpoint(runner, metrics)
        finally:
            self.file_backend = backend
        current = {getattr(self, 'best_ckpt_path', None),
                   *getattr(self, 'best_ckpt_path_dict', {}).values()}
        for remove, path in deferred.pending:
            if path not in current:  # a new best of the same name
                remove(path)
