"""Train with ``tools/train.py``, SIGKILL the run at random moments, resume
it, and check after every kill that nothing was lost.

Run by ``test_kill_resume.py`` as a script::

    python kill_harness.py WORK_DIR KILLS SEED BUDGET_S CONFIG [OPTION ...]

Importing torch, MMEngine and the task libraries takes seconds, so this
process imports ``tools/train.py`` once and forks each run from itself
(``train.main(['CONFIG', '--resume', ...])``); it never runs torch ops
itself, so the forks start clean. After each kill:

* ``last_checkpoint`` names a file that ``torch.load(weights_only=True)``
  loads;
* once a run has saved a best checkpoint, one exists, and every
  ``best_*.pth`` loads;

and when the next run has taken the work dir, no ``.tmp-<pid>`` file of a
killed run is left, and the run's output names the files it removed and
the run it took over from. After ``KILLS`` kills (or, after two kills at
least, ``BUDGET_S`` seconds) a last run trains to the end. The summary is
printed as one JSON line; a broken rule ends the script with an error.
"""
import glob
import importlib.util
import json
import os
import os.path as osp
import random
import re
import signal
import sys
import time
import traceback

import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
_PARTIAL = re.compile(r'\.tmp-(\d+)$')


def _load_train_tool():
    spec = importlib.util.spec_from_file_location(
        'train_tool', osp.join(REPO_ROOT, 'tools', 'train.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _start(train, argv, log_path):
    """Fork a run of ``train.main(argv)`` writing to ``log_path``."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        train.main(argv)
        code = 0
    except SystemExit as error:
        print(error.code)
        code = error.code if isinstance(error.code, int) else 1
    except BaseException:  # noqa: BLE001 -- report anything, then exit
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _check(condition, message):
    if not condition:
        sys.exit(f'harness: {message}')


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ''


def _partial_files(work_dir):
    return sorted(f for f in os.listdir(work_dir) if _PARTIAL.search(f))


def _wait_until(predicate, pid, what, timeout=120):
    """Poll ``predicate`` while run ``pid`` lives."""
    end = time.time() + timeout
    while time.time() < end:
        if predicate():
            return
        finished, status = os.waitpid(pid, os.WNOHANG)
        _check(not finished, f'run {pid} ended (status {status}) before '
               f'{what}')
        time.sleep(0.02)
    _check(False, f'run {pid}: no {what} within {timeout} s')


def _loads(path):
    state = torch.load(path, map_location='cpu', weights_only=True)
    return bool(state.get('state_dict'))


def _check_checkpoints(work_dir, best_saved):
    last = _read(osp.join(work_dir, 'last_checkpoint'))
    if last:
        _check(osp.isfile(last) and _loads(last),
               f'last_checkpoint names {last}, which does not load')
    bests = glob.glob(osp.join(work_dir, 'best_*.pth'))
    _check(bests or not best_saved, 'a best checkpoint was saved, and '
           'none is left')
    for path in bests:
        _check(_loads(path), f'{path} does not load')


def _owner_pid(work_dir):
    try:
        return json.loads(_read(osp.join(work_dir, 'train.lock')))['pid']
    except (ValueError, KeyError):
        return None


def _check_start(work_dir, pid, log_path, killed, partial):
    """Run ``pid`` has taken the work dir: the killed run's partial files
    are gone, and the run said so."""
    _wait_until(lambda: _owner_pid(work_dir) == pid, pid, 'taking the '
                'work dir')
    log = _read(log_path)
    _check(not _partial_files(work_dir),
           f'partial files left after a start: {_partial_files(work_dir)}')
    for name in partial:
        _check(name in log, f'the run did not say it removed {name}')
    if killed:
        _check(f'(pid {killed} on ' in log and 'ended without releasing'
               in log, f'the run did not say it took over from {killed}')


def main():
    work_dir, kills, seed, budget = sys.argv[1], int(sys.argv[2]), \
        int(sys.argv[3]), float(sys.argv[4])
    config, options = sys.argv[5], sys.argv[6:]
    argv = [config, '--work-dir', work_dir, '--resume', '--cfg-options',
            *options]
    train = _load_train_tool()
    rng = random.Random(seed)
    os.makedirs(work_dir, exist_ok=True)
    start, killed, logs, cleaned = time.time(), None, [], []
    for round_ in range(kills + 1):
        last_round = round_ == kills or (round_ >= 2
                                         and time.time() - start > budget)
        partial = _partial_files(work_dir)
        log_path = osp.join(osp.dirname(work_dir), f'run_{round_}.log')
        logs.append(log_path)
        saved = _read(osp.join(work_dir, 'last_checkpoint'))
        pid = _start(train, argv, log_path)
        _check_start(work_dir, pid, log_path, killed, partial)
        cleaned += partial
        if last_round:
            _, status = os.waitpid(pid, 0)
            _check(status == 0, f'the last run failed: '
                   f'{_read(log_path)[-3000:]}')
            break
        # kill at a random moment after this run's first save, so that
        # every round makes progress
        _wait_until(
            lambda: _read(osp.join(work_dir, 'last_checkpoint')) != saved,
            pid, 'a saved checkpoint')
        time.sleep(rng.uniform(0, 1.0))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        killed = pid
        best_saved = any('The best checkpoint with' in _read(log)
                         for log in logs)
        _check_checkpoints(work_dir, best_saved)
    _check_checkpoints(work_dir, True)
    print(json.dumps(dict(
        kills=len(logs) - 1, partial_files_cleaned=cleaned,
        last_checkpoint=_read(osp.join(work_dir, 'last_checkpoint')),
        best=sorted(map(osp.basename,
                        glob.glob(osp.join(work_dir, 'best_*.pth')))),
        seconds=round(time.time() - start, 1))))


if __name__ == '__main__':
    main()
