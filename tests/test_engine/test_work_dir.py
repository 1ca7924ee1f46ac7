"""One training run per work dir: a second run stops with an error naming
the first, a killed run's lock and partial files do not outlive it."""
import json
import multiprocessing
import os
import os.path as osp
import signal
import socket
import time

import pytest

from mogaseg.engine import work_dir as work_dir_module
from mogaseg.engine.work_dir import (LOCK_FILE, hold_work_dir, launcher_rank,
                                     remove_partial_files)
from mogaseg.errors import WorkDirBusyError, UserError

_FORK = multiprocessing.get_context('fork')


def _hold(work_dir, ready, release):
    with hold_work_dir(work_dir):
        ready.set()
        release.wait(20)


@pytest.fixture
def other_run(tmp_path):
    """Start another process that holds ``tmp_path / 'work'``; yields the
    process (kill it to end the run)."""
    ready, release = _FORK.Event(), _FORK.Event()
    proc = _FORK.Process(target=_hold,
                         args=(str(tmp_path / 'work'), ready, release))
    proc.start()
    assert ready.wait(20)
    yield proc
    if proc.is_alive():  # set() would wait for a killed waiter forever
        release.set()
        proc.join(20)


@pytest.fixture
def logged(monkeypatch):
    """The messages the module prints (through MMEngine's logger, whose
    stream may be another test's)."""
    messages = []
    monkeypatch.setattr(work_dir_module, 'print_log',
                        lambda msg, *args, **kwargs: messages.append(msg))
    return messages


def _files(path):
    return sorted(os.listdir(path))


def test_second_run_stops_naming_the_first(tmp_path, other_run):
    work_dir = str(tmp_path / 'work')
    with open(osp.join(work_dir, 'epoch_1.pth'), 'wb') as f:
        f.write(b'first run')

    with pytest.raises(WorkDirBusyError) as error:
        with hold_work_dir(work_dir):
            pytest.fail('entered a work dir another run holds')
    message = str(error.value)
    assert isinstance(error.value, UserError)
    assert f'pid {other_run.pid} on {socket.gethostname()}' in message
    assert 'started ' in message and work_dir in message
    # nothing of the first run touched, its owner record kept
    assert _files(work_dir) == ['epoch_1.pth', LOCK_FILE]
    with open(osp.join(work_dir, 'epoch_1.pth'), 'rb') as f:
        assert f.read() == b'first run'
    with open(osp.join(work_dir, LOCK_FILE)) as f:
        assert json.load(f)['pid'] == other_run.pid


def test_killed_run_leaves_the_work_dir_free(tmp_path, other_run, logged):
    work_dir = str(tmp_path / 'work')
    partial = osp.join(work_dir, f'epoch_2.pth.tmp-{other_run.pid}')
    with open(partial, 'wb') as f:
        f.write(b'x' * 2048)
    os.kill(other_run.pid, signal.SIGKILL)
    other_run.join(20)

    with hold_work_dir(work_dir, resume=True):
        took_over, removed = logged
        assert (f'the run that held it (pid {other_run.pid} on '
                f'{socket.gethostname()}') in took_over
        assert took_over.endswith('ended without releasing it; resuming '
                                  'from its checkpoints')
        assert removed == (f'removed 1 partial file(s) that a killed run '
                           f'left in {work_dir}: '
                           f'epoch_2.pth.tmp-{other_run.pid} (2.0 KB)')
        assert not osp.exists(partial)
        with open(osp.join(work_dir, LOCK_FILE)) as f:
            assert json.load(f)['pid'] == os.getpid()
    # a run that ends normally leaves nothing to take over
    with open(osp.join(work_dir, LOCK_FILE)) as f:
        assert f.read() == ''
    with hold_work_dir(work_dir):
        assert len(logged) == 2  # nothing more said


def test_only_partial_files_of_other_processes_are_removed(tmp_path):
    names = ['epoch_1.pth', 'last_checkpoint.tmp-123', 'epoch_2.pth.tmp-9x',
             f'epoch_3.pth.tmp-{os.getpid()}']
    for name in names:
        open(tmp_path / name, 'w').close()
    assert remove_partial_files(str(tmp_path)) == [
        'last_checkpoint.tmp-123 (0 B)'
    ]
    assert _files(tmp_path) == sorted(set(names) -
                                      {'last_checkpoint.tmp-123'})


def _try_to_hold(work_dir):
    """Exit status of a forked process that tries to take ``work_dir``:
    0 it could, 1 it is busy."""

    def target():
        try:
            with hold_work_dir(work_dir):
                pass
        except WorkDirBusyError:
            os._exit(1)

    proc = _FORK.Process(target=target)
    proc.start()
    proc.join(20)
    return proc.exitcode


def test_lock_is_released_when_the_run_fails(tmp_path):
    work_dir = str(tmp_path / 'work')
    with pytest.raises(RuntimeError):
        with hold_work_dir(work_dir):
            assert _try_to_hold(work_dir) == 1
            raise RuntimeError('training failed')
    assert _try_to_hold(work_dir) == 0


def _fork_owner_with_a_worker(work_dir):
    """Fork a process that holds ``work_dir`` and forks a child of its own,
    as a data loader worker is forked; return both pids. Raw forks, as a
    ``multiprocessing`` join would wait for the grandchild too."""
    read_end, write_end = os.pipe()
    owner = os.fork()
    if owner == 0:
        try:
            with hold_work_dir(work_dir):
                worker = os.fork()
                if worker == 0:
                    time.sleep(30)
                    os._exit(0)
                os.write(write_end, str(worker).encode())
                time.sleep(30)
        finally:
            os._exit(0)
    os.close(write_end)
    worker = os.read(read_end, 32)  # not to EOF: the worker keeps the pipe
    os.close(read_end)
    return owner, int(worker or 0)


def test_forked_children_of_a_killed_run_do_not_hold_it(tmp_path):
    work_dir = str(tmp_path / 'work')
    owner, worker = _fork_owner_with_a_worker(work_dir)
    try:
        assert worker and _try_to_hold(work_dir) == 1
        os.kill(owner, signal.SIGKILL)
        os.waitpid(owner, 0)
        os.kill(worker, 0)  # the worker still runs
        assert _try_to_hold(work_dir) == 0
    finally:
        for pid in (owner, worker):
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass


@pytest.mark.parametrize('launcher, variable', [('pytorch', 'RANK'),
                                                ('slurm', 'SLURM_PROCID'),
                                                ('mpi',
                                                 'OMPI_COMM_WORLD_RANK')])
def test_only_rank_0_holds_the_work_dir(tmp_path, monkeypatch, other_run,
                                        launcher, variable):
    work_dir = str(tmp_path / 'work')
    monkeypatch.setenv(variable, '1')
    assert launcher_rank(launcher) == 1
    with hold_work_dir(work_dir, launcher):  # rank 1 passes
        pass
    monkeypatch.setenv(variable, '0')
    with pytest.raises(WorkDirBusyError):
        with hold_work_dir(work_dir, launcher):
            pass
    assert launcher_rank('none') == 0
