"""Every shipped config works in its task library's own inference entry
points (mmpretrain's ``get_model``/``inference_model`` and inferencer,
mmdet's ``init_detector``/``inference_detector`` and ``DetInferencer``,
mmseg's ``init_model``/``inference_model`` and ``MMSegInferencer``, mmpose's
``init_model``/``inference_topdown`` and ``MMPoseInferencer``): the
first calls an OpenMMLab user makes. One fresh process per task scope, as a
user's script would be (the libraries' APIs set a process-wide default
scope); random weights. Every config goes through the first entry point;
every entry point gets one config of each wiring it rewrites or builds
(model, backbone and head types, test pipeline), which is what differs
between the entry points. For time, the detection and segmentation test
resizes are divided by 4, and every backbone keeps one block per stage
(widths unchanged): the pipelines' steps, which these entry points
rewrite, and the necks and heads are the configs' own. That every config
builds at full depth is test_configs.py's test."""
import functools
import json
import os.path as osp
import subprocess
import sys

import mmcv
import numpy as np
import pytest
from mmengine.config import Config

from test_configs import CONFIGS  # tests/ is on sys.path

HELPER = osp.join(osp.dirname(__file__), 'helpers', 'library_api_inference.py')
# An ordinary photo size, neither square nor a multiple of any stride.
IMAGE_HW = (197, 263)


@functools.lru_cache(maxsize=None)
def _config(path: str) -> Config:
    """Each config read once for the four scopes (read-only here)."""
    return Config.fromfile(path)


def _configs_of(scope):
    return [p for p in CONFIGS if _config(p).default_scope == scope]


def _wiring(path: str) -> str:
    """What a task library's entry points rewrite or build from a config:
    the model, backbone and head types and the test pipeline."""
    cfg = _config(path)
    model = cfg.model
    dataset = cfg.get('test_dataloader', {}).get('dataset', {})
    heads = sorted((key, str(value.get('type'))) for key, value in
                   model.items() if key.endswith('head') and
                   isinstance(value, dict))
    return json.dumps([model.type, model.backbone.type, heads,
                       dataset.get('pipeline') or cfg.get('test_pipeline')],
                      sort_keys=True, default=str)


def _one_per_wiring(configs):
    first = {}
    for path in configs:
        first.setdefault(_wiring(path), path)
    return sorted(first.values())


@pytest.fixture(scope='module')
def image_path(tmp_path_factory):
    rng = np.random.default_rng(0)
    path = str(tmp_path_factory.mktemp('api') / 'photo.jpg')
    mmcv.imwrite(rng.integers(0, 256, (*IMAGE_HW, 3), dtype=np.uint8), path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize('scope',
                         ['mmpretrain', 'mmdet', 'mmseg', 'mmpose'])
def test_every_config_runs_in_the_library_api(scope, image_path, repo_root):
    configs = _configs_of(scope)
    assert configs
    every_call = _one_per_wiring(configs)
    proc = subprocess.run(
        [sys.executable, HELPER, '--downscale', '4', '--one-block-per-stage',
         *[f'--every-call={path}' for path in every_call], image_path,
         *configs],
        cwd=repo_root, capture_output=True, text=True, timeout=1200)
    records = [
        json.loads(line) for line in proc.stdout.splitlines()
        if line.startswith('{"config"')
    ]
    failed = [f"{r['config']} / {r['call']}: {r['error']}\n{r['traceback']}"
              for r in records if 'error' in r]
    assert not failed, '\n\n'.join(failed)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    # every entry point (mmpretrain: three) for one config of each wiring,
    # the first for the others, each with a prediction that fits the
    # config and the image
    calls = 3 if scope == 'mmpretrain' else 2
    assert sorted(r['config'] for r in records) == sorted(
        configs + every_call * (calls - 1))
    assert len({r['call'] for r in records}) == calls
    for record in records:
        cfg = _config(record['config'])
        result = record['result']
        if scope == 'mmpretrain':
            assert result['num_scores'] == cfg.model.head.num_classes
        elif scope == 'mmseg':
            assert result['pred_shape'] == list(IMAGE_HW)
        elif scope == 'mmpose':
            assert result['keypoints_shape'] == [1, 17, 2]
        elif 'mask_shape' in result:
            assert result['mask_shape'] == list(IMAGE_HW)
