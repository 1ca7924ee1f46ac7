"""tools/analysis/erf.py on the classification demo, and the image lists
it measures on."""
import json
import os.path as osp

import mmcv
import pytest
from mmengine.config import Config

from mogaseg.analysis.image_sources import dataset_image_paths, folder_images
from mogaseg.engine import ConfigError

SCRIPT = 'analysis/erf.py'
THRESHOLDS = ('0.2', '0.3', '0.5', '0.99')


@pytest.mark.slow
def test_erf_of_the_demo_classifier(demo_runs, run_tool, tmp_path):
    run = demo_runs['cls']
    out, out_json = tmp_path / 'erf.png', tmp_path / 'erf.json'
    proc, output = run_tool(SCRIPT, run.config, run.checkpoint,
                            '--num-images', '4', '--shape', '64',
                            '--log-interval', '2', '--out', str(out),
                            '--json', str(out_json), '--cfg-options',
                            *run.options)
    assert proc.returncode == 0, output[-3000:]
    assert '[2/4] images' in output and '[4/4] images' in output
    with open(out, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n'
    assert mmcv.imread(str(out)).size > 0
    result = json.loads(out_json.read_text())
    assert result['config'] == run.config
    assert result['checkpoint'] == run.checkpoint
    assert result['num_images'] == 4 and result['shape'] == [64, 64]
    # MogaNet's last stage has stride 32
    assert result['feature_map_shape'] == [2, 2]
    ratios = result['high_contribution_area_ratio']
    assert sorted(ratios) == sorted(THRESHOLDS)
    sides = []
    for t in THRESHOLDS:
        for key in ('side_ratio', 'area_ratio'):
            assert 0 < ratios[t][key] <= 1, (t, key)
        assert ratios[t]['area_ratio'] == pytest.approx(
            (ratios[t]['side_length'] / 64)**2)
        sides.append(ratios[t]['side_length'])
    assert sides == sorted(sides)  # a larger share needs a larger square
    # the printed table holds the same numbers
    assert f"{ratios['0.5']['area_ratio']:.4f}" in output


def test_bad_out_index_is_one_line(tiny_imagenet, tmp_path, load_tool):
    config = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
    with pytest.raises(SystemExit) as exit_info:
        load_tool(SCRIPT).main([
            config, '--images', osp.join(tiny_imagenet, 'val'),
            '--num-images', '1', '--shape', '32', '--out-index', '1',
            '--device', 'cpu', '--out', str(tmp_path / 'erf.png')
        ])
    assert str(exit_info.value.code).startswith(
        'error: --out-index 1: the backbone has 1 outputs')
    assert not (tmp_path / 'erf.png').exists()


def test_dataset_images_are_spread_over_the_classes(tiny_imagenet):
    cfg = Config.fromfile(
        'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py')
    cfg.val_dataloader.dataset.data_root = tiny_imagenet
    cfg.val_dataloader.dataset.classes = osp.join(tiny_imagenet, 'meta',
                                                  'classes.txt')
    with open(osp.join(tiny_imagenet, 'meta', 'val.txt')) as f:
        labels = dict(line.split() for line in f if line.strip())
    paths = dataset_image_paths(cfg, 8)
    assert len(paths) == 8 and all(osp.isfile(p) for p in paths)
    assert len(set(paths)) == 8
    # 16 images of 8 classes: an even spread sees more than one class
    assert len({labels[osp.basename(p)] for p in paths}) > 1
    assert len(dataset_image_paths(cfg, 100)) == 16  # all there are
    cfg.val_dataloader.dataset.data_root = 'no/such/dir'
    with pytest.raises(ConfigError, match="data_root 'no/such/dir'"):
        dataset_image_paths(cfg, 8)


def test_folder_images(tmp_path):
    for name in ('b.png', 'a.JPG', 'notes.txt', 'sub/c.jpeg'):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b'')
    assert [osp.relpath(p, tmp_path) for p in folder_images(
        str(tmp_path), 10)] == ['a.JPG', 'b.png', 'sub/c.jpeg']
    assert len(folder_images(str(tmp_path), 2)) == 2
    (tmp_path / 'empty').mkdir()
    with pytest.raises(ConfigError, match='no image files'):
        folder_images(str(tmp_path / 'empty'), 1)
    with pytest.raises(ConfigError, match='image folder not found'):
        folder_images(str(tmp_path / 'missing'), 1)
