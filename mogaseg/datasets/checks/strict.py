"""``strict=True`` in a dataset config: annotations that would be lost stop
the run. The key is ours, not the task libraries' (their dataset classes
do not take it), so it leaves the config before anything is built."""


def pop_strict(dataset_cfg: dict) -> bool:
    """Remove ``strict`` from a dataset config and the datasets inside it
    (ConcatDataset, RepeatDataset ...); whether any of them set it."""
    strict = bool(dataset_cfg.pop('strict', False))
    inner = dataset_cfg.get('datasets') or []
    if isinstance(dataset_cfg.get('dataset'), dict):
        inner = [dataset_cfg['dataset']]
    for dataset in inner:
        if isinstance(dataset, dict):
            strict = pop_strict(dataset) or strict
    return strict
