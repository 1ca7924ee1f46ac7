"""A generated dataset is complete when its marker file, written last, holds
the settings it was generated with; then it is reused as it is."""
import json
import os.path as osp

MARKER = 'mogaseg_synthetic.json'


def is_complete(root: str, settings: dict) -> bool:
    marker = osp.join(root, MARKER)
    if not osp.isfile(marker):
        return False
    with open(marker) as f:
        return json.load(f) == settings


def mark_complete(root: str, settings: dict) -> None:
    with open(osp.join(root, MARKER), 'w') as f:
        json.dump(settings, f)
