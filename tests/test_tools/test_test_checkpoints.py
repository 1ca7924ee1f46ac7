"""tools/test.py takes a checkpoint file, a URL or a published model's name,
in any release's layout, and prints metrics only for a model whose weights
all loaded."""
import re

import pytest
import torch

from mogaseg.apis import published_weights, resolve_checkpoint

pytestmark = pytest.mark.slow


def _top1(log):
    return float(re.search(r'accuracy/top1: ([\d.]+)', log).group(1))


def test_url_in_a_release_layout_gives_the_same_metrics(
        tmp_path, demo_runs, run_tool, file_server, monkeypatch):
    run = demo_runs['cls']
    proc, log = run_tool('test.py', run.config, run.checkpoint, '--work-dir',
                         str(tmp_path / 'local'), '--cfg-options',
                         *run.options)
    assert proc.returncode == 0, log[-3000:]
    assert re.search(r'loaded \d+/(\d+) mogaseg.MogaNet tensors', log)

    # the same weights as the MogaNet release stores them, over http
    weights = torch.load(run.checkpoint, weights_only=True)['state_dict']
    release = {
        k.replace('backbone.', '', 1).replace('head.fc.', 'head.'): v
        for k, v in weights.items()
    }
    torch.save({'state_dict': release, 'arch': 'moganet_xtiny'},
               file_server.root / 'moganet_xtiny_demo.pth.tar')
    monkeypatch.setenv('TORCH_HOME', str(tmp_path / 'torch_home'))
    proc, url_log = run_tool(
        'test.py', run.config,
        f'{file_server.url}/moganet_xtiny_demo.pth.tar', '--work-dir',
        str(tmp_path / 'url'), '--cfg-options', *run.options)
    assert proc.returncode == 0, url_log[-3000:]
    assert 'MogaNet ImageNet release' in url_log
    assert _top1(url_log) == _top1(log)


def test_a_checkpoint_of_another_model_prints_no_metrics(
        tmp_path, demo_runs, run_tool):
    from mogaseg.apis import get_model
    run = demo_runs['cls']
    focalnet = get_model('focalnet-tiny-srf_8xb128_in1k', deploy=False)
    release = {
        k.replace('backbone.norm3.', 'norm.').replace('backbone.', '').replace(
            'head.fc.', 'head.'): v
        for k, v in focalnet.state_dict().items()
    }
    path = str(tmp_path / 'focalnet_tiny_srf.pth')
    torch.save({'model': release}, path)
    proc, log = run_tool('test.py', run.config, path, '--work-dir',
                         str(tmp_path / 'work'), '--cfg-options',
                         *run.options)
    assert proc.returncode == 1, log[-3000:]
    assert f'error: {path} does not fit' in log
    assert 'FocalNet checkpoint' in log
    assert 'accuracy' not in log and 'Traceback' not in log
    # one paragraph, not MMEngine's lists of keys
    assert 'missing keys in source state_dict' not in log
    assert 'unexpected key in source state_dict' not in log


def test_a_published_model_name_resolves_to_its_weights():
    url = resolve_checkpoint('moganet-tiny_8xb128_in1k')
    assert url == published_weights('moganet-tiny_8xb128_in1k')
    assert url.startswith('https://') and url.endswith('.pth.tar')
    assert resolve_checkpoint('missing.pth') == 'missing.pth'
    with pytest.raises(ValueError, match='no published weights'):
        published_weights('moganet-xtiny_1xb16_demo-imagenet-64px')
