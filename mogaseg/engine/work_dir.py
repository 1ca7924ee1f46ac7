"""One training run per work dir at a time.

Two runs into one work dir would otherwise write the same checkpoints,
``last_checkpoint`` and log files, silently, and the later one's files win.
:func:`hold_work_dir` takes an OS lock on ``<work_dir>/train.lock`` for the
whole run and writes the owner (pid, host, start time, command) into it, so
that a second run stops at once with an error that names the first.

The lock is a POSIX record lock (``fcntl.lockf``): the kernel releases it
when its process ends, however it ends (``kill -9`` included), and, unlike
``flock``, forked children (data loader workers) do not inherit it, so a
dead run never holds its work dir. A run that ends normally empties the
file; owner details found in a file that nobody locks are therefore those
of a run that was killed: the next run says that it takes over, and removes
the partial ``.tmp-<pid>`` files that the killed run's atomic saves
(:func:`~mogaseg.engine.hooks.atomic_write`) left behind.
"""
import errno
import fcntl
import json
import logging
import os
import os.path as osp
import re
import socket
import sys
import time
from contextlib import contextmanager
from typing import Iterator, List, Optional

import mmengine
from mmengine.logging import print_log

from mogaseg.errors import WorkDirBusyError

LOCK_FILE = 'train.lock'

# Where each launcher tells a process its global rank; the process group
# does not exist yet when the work dir is taken.
_RANK_VARIABLES = {
    'pytorch': 'RANK',
    'slurm': 'SLURM_PROCID',
    'mpi': 'OMPI_COMM_WORLD_RANK',
}

# The length of the owner's command line that messages show.
_COMMAND_SHOWN = 160

# The temporary name atomic_write gives a file while writing it.
_PARTIAL = re.compile(r'\.tmp-(\d+)$')


def launcher_rank(launcher: str = 'none') -> int:
    """This process's global rank as ``launcher`` set it (0 without
    one)."""
    variable = _RANK_VARIABLES.get(launcher)
    return int(os.environ.get(variable, 0)) if variable else 0


def _owner_info() -> dict:
    return dict(
        pid=os.getpid(),
        host=socket.gethostname(),
        started=time.strftime('%Y-%m-%d %H:%M:%S'),
        command=' '.join([osp.basename(sys.executable), *sys.argv]))


def describe_owner(info: Optional[dict]) -> str:
    """'pid 12 on host, started 2024-01-02 03:04:05: python train.py ...'"""
    if not info:
        return 'a run that has not recorded its details yet'
    command = str(info.get('command'))
    if len(command) > _COMMAND_SHOWN:  # the config comes first, keep it
        command = command[:_COMMAND_SHOWN] + ' ...'
    return (f"pid {info.get('pid')} on {info.get('host')}, started "
            f"{info.get('started')}: {command}")


def _read_owner(fd: int) -> Optional[dict]:
    # pread on the descriptor we already have: opening and closing the
    # file a second time would drop our own POSIX lock.
    text = os.pread(fd, 1 << 16, 0).decode(errors='replace').strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _write_owner(fd: int, info: Optional[dict]) -> None:
    os.ftruncate(fd, 0)
    if info is not None:
        os.pwrite(fd, (json.dumps(info) + '\n').encode(), 0)
        os.fsync(fd)


def _lock(fd: int, work_dir: str) -> bool:
    """Take the lock; False where the file system has no locks."""
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EAGAIN):
            owner = describe_owner(_read_owner(fd))
            raise WorkDirBusyError(
                f'work dir {work_dir} is in use by another training run '
                f'({owner}). Two runs into one work dir overwrite each '
                'other\'s checkpoints and logs: wait for that run to end, '
                'stop it, or give this one another --work-dir.') from None
        if error.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
            print_log(
                f'the file system of {work_dir} does not support locks: '
                'nothing stops a second run into this work dir from '
                'overwriting this one\'s files', logger='current',
                level=logging.WARNING)
            return False
        raise
    return True


def remove_partial_files(work_dir: str) -> List[str]:
    """Remove the ``.tmp-<pid>`` files that killed processes left in
    ``work_dir``; return their descriptions ('name (size)').

    Call it only while holding the work dir: then no live process of
    another run writes there."""
    removed = []
    for name in sorted(os.listdir(work_dir)):
        match = _PARTIAL.search(name)
        path = osp.join(work_dir, name)
        if not match or int(match.group(1)) == os.getpid() \
                or not osp.isfile(path):
            continue
        size = osp.getsize(path)
        os.remove(path)
        removed.append(f'{name} ({_size(size)})')
    return removed


def _size(nbytes: int) -> str:
    if nbytes < 1024:
        return f'{nbytes} B'
    if nbytes < 1024**2:
        return f'{nbytes / 1024:.1f} KB'
    return f'{nbytes / 1024**2:.1f} MB'


def _take_over(fd: int, work_dir: str, resume: bool) -> None:
    """Say whose work dir this was, if a killed run left it, and clean up
    after that run."""
    previous = _read_owner(fd)
    if previous is not None:
        print_log(
            f'work dir {work_dir}: the run that held it '
            f'({describe_owner(previous)}) ended without releasing it; '
            + ('resuming from its checkpoints' if resume else
               'this run takes it over'),
            logger='current', level=logging.WARNING)
    removed = remove_partial_files(work_dir)
    if removed:
        print_log(
            f'removed {len(removed)} partial file(s) that a killed run left '
            f'in {work_dir}: ' + ', '.join(removed), logger='current')


@contextmanager
def hold_work_dir(work_dir: str,
                  launcher: str = 'none',
                  resume: bool = False) -> Iterator[None]:
    """Own ``work_dir`` for the duration of the block; raise
    :class:`~mogaseg.errors.WorkDirBusyError` if a live run owns it.

    In a distributed job rank 0 holds it for the whole job; the other ranks
    pass through. ``resume`` only changes what is said when taking the work
    dir over from a killed run.
    """
    if launcher_rank(launcher) != 0:
        yield
        return
    mmengine.mkdir_or_exist(work_dir)
    fd = os.open(osp.join(work_dir, LOCK_FILE), os.O_RDWR | os.O_CREAT,
                 0o644)
    try:
        locked = _lock(fd, work_dir)
        if locked:
            _take_over(fd, work_dir, resume)
            _write_owner(fd, _owner_info())
        try:
            yield
        finally:
            if locked:
                _write_owner(fd, None)  # an empty file: ended normally
    finally:
        os.close(fd)  # releases the lock
