"""Read MMEngine's ``scalars.json`` logs and plot their curves."""
import json
import os.path as osp
from typing import Dict, List, Sequence, Tuple


def load_scalars(path: str) -> List[dict]:
    """The records of a ``vis_data/scalars.json`` (one JSON object a line:
    training records carry ``iter``, validation records only ``step``)."""
    if not osp.isfile(path):
        raise FileNotFoundError(f'log not found: {path}')
    records = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f'{path}, line {number}: not JSON '
                                 f'({err.msg})') from None
    return records


def curve(records: Sequence[dict],
          key: str) -> Tuple[List[float], List[float], str]:
    """(x, y, x label) of ``key``: over iterations for training values,
    over validation steps (epochs, or iterations for iteration-based
    runs) for validation metrics."""
    points = [r for r in records if key in r]
    if all('iter' in r for r in points):
        return [r['iter'] for r in points], [r[key] for r in points], 'iter'
    return [r['step'] for r in points], [r[key] for r in points], 'step'


def available_keys(records: Sequence[dict]) -> List[str]:
    skip = {'epoch', 'iter', 'step', 'time', 'data_time', 'memory'}
    return sorted({k for r in records for k in r if k not in skip})


def plot_curves(runs: Dict[str, List[dict]], keys: Sequence[str], out: str,
                title: str = '') -> None:
    """One panel per key, one line per run; written to ``out``."""
    import matplotlib
    matplotlib.use('Agg')  # files only, no display needed
    import matplotlib.pyplot as plt

    for name, records in runs.items():
        missing = [k for k in keys if not any(k in r for r in records)]
        if missing:
            raise KeyError(
                f'{name} has no {", ".join(missing)}; its keys: '
                f'{", ".join(available_keys(records))}')
    fig, axes = plt.subplots(
        len(keys), 1, figsize=(7, 3 * len(keys)), squeeze=False)
    for ax, key in zip(axes[:, 0], keys):
        for name, records in runs.items():
            x, y, label = curve(records, key)
            ax.plot(x, y, label=name, marker='o' if len(x) < 30 else None)
            ax.set_xlabel(label)
        ax.set_ylabel(key)
        ax.grid(alpha=0.3)
        if len(runs) > 1:
            ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out, dpi=100)
    plt.close(fig)
