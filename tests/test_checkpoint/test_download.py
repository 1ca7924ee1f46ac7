"""Published weights over http: downloaded once into torch's hub cache
(hash checked where the file name carries one), converted while they load,
through ``get_model``, ``init_cfg`` and mmpretrain's own ``get_model``."""
import hashlib
import os
import os.path as osp

import pytest
import torch

from mogaseg.apis import build_model_from_config, get_model, model_info

NAME = 'moganet-xtiny_8xb128_in1k'
RELEASE_FILE = 'moganet_xtiny_sz224_8xbs128_ep300.pth.tar'


@pytest.fixture
def release_server(tmp_path, monkeypatch, file_server):
    """A server of release files, an empty hub cache, and the model index
    pointing ``NAME`` at the server."""
    server = file_server
    root = server.root
    hub = str(tmp_path / 'hub')
    old_hub = torch.hub.get_dir()
    torch.hub.set_dir(hub)
    monkeypatch.setattr(model_info(NAME), 'weights',
                        f'{server.url}/{RELEASE_FILE}')
    yield server, root, hub
    torch.hub.set_dir(old_hub)


def _release_file(path, seed=0):
    """A MogaNet-XTiny ImageNet release file (the timm layout) and the
    model whose weights it holds."""
    model = get_model(NAME, deploy=False)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.05)
    weights = {
        k.replace('backbone.', '', 1).replace('head.fc.', 'head.'): v
        for k, v in model.state_dict().items()
    }
    torch.save({'state_dict': weights, 'arch': 'moganet_xtiny'}, path)
    return model.eval()


def _logits(model):
    x = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        return model(x, mode='tensor')


def test_get_model_downloads_once_caches_and_converts(release_server):
    server, root, hub = release_server
    saver = _release_file(root / RELEASE_FILE)
    model = get_model(NAME, pretrained=True, deploy=False)
    torch.testing.assert_close(_logits(model), _logits(saver), rtol=0,
                               atol=1e-5)
    assert osp.isfile(osp.join(hub, 'checkpoints', RELEASE_FILE))
    # folded for inference by default: the same outputs
    folded = get_model(NAME, pretrained=True)
    torch.testing.assert_close(_logits(folded), _logits(saver), rtol=1e-4,
                               atol=1e-4)
    assert server.requests == [f'/{RELEASE_FILE}']  # cached after the first


def test_init_cfg_url_and_mmpretrain_get_model(release_server):
    server, root, _ = release_server
    saver = _release_file(root / RELEASE_FILE)
    detector = build_model_from_config(
        model_info('retinanet_moganet-xtiny_fpn_1x_coco').config,
        pretrained=True,
        cfg_options={
            'model.backbone.init_cfg.checkpoint': model_info(NAME).weights
        })
    for key, value in saver.backbone.state_dict().items():
        torch.testing.assert_close(
            detector.backbone.state_dict()[key], value, rtol=0, atol=0)

    import mmpretrain
    assert NAME in mmpretrain.list_models('moganet*')
    assert not mmpretrain.list_models('retinanet_moganet*')
    model = mmpretrain.get_model(NAME, pretrained=True)
    torch.testing.assert_close(
        _logits(model.eval()), _logits(saver), rtol=0, atol=1e-5)


def test_a_file_whose_hash_differs_from_its_name_is_refused(release_server):
    server, root, hub = release_server
    _release_file(root / 'weights.pth')
    digest = hashlib.sha256((root / 'weights.pth').read_bytes()).hexdigest()
    (root / f'good-{digest[:8]}.pth').write_bytes(
        (root / 'weights.pth').read_bytes())
    (root / 'bad-0123abcd.pth').write_bytes(
        (root / 'weights.pth').read_bytes())
    get_model(NAME, pretrained=f'{server.url}/good-{digest[:8]}.pth')
    with pytest.raises(RuntimeError, match='hash'):
        get_model(NAME, pretrained=f'{server.url}/bad-0123abcd.pth')
    assert not osp.exists(osp.join(hub, 'checkpoints', 'bad-0123abcd.pth'))


def test_list_models_covers_every_config(repo_root):
    import glob

    from mogaseg.apis import list_models
    configs = sorted(
        osp.splitext(osp.basename(p))[0]
        for family in ('moganet', 'van', 'focalnet', 'moat')
        for p in glob.glob(osp.join(repo_root, 'configs', family, '*.py')))
    assert list_models() == configs
    tiny = list_models('moganet-tiny', task='mmpretrain')
    assert 'moganet-tiny_8xb128_in1k' in tiny
    assert all('moganet-tiny' in n and '_in1k' in n for n in tiny)
    assert 'upernet_van-b2_4xb4-160k_ade20k-512x512' in list_models(
        task='Semantic Segmentation')
    for name in configs:
        info = model_info(name)
        assert osp.isfile(info.config), name
        assert info.results, name  # a task, published metrics or not
    with pytest.raises(ValueError, match='no published model'):
        model_info('moganet-tinyy')


def test_share_links_get_file_names_and_web_pages_are_refused(
        release_server):
    from mogaseg.checkpoint import CheckpointNotFoundError
    from mogaseg.checkpoint.schemes import _cache_name
    assert _cache_name('https://cloud.tsinghua.edu.cn/d/0100f0/files/'
                       '?p=%2Fvan_b4_22k.pth&dl=1') == 'van_b4_22k.pth'
    drive = 'https://drive.google.com/file/d/1Jl8Ltyv/view?usp=sharing'
    assert _cache_name(drive) != _cache_name(drive + 'x')
    assert _cache_name(drive).startswith('view_')

    server, root, hub = release_server
    (root / 'view').write_text('<!DOCTYPE html><html>sign in</html>')
    with pytest.raises(CheckpointNotFoundError, match='web page'):
        get_model(NAME, pretrained=f'{server.url}/view?usp=sharing')
    assert not any(
        f.startswith('view') for f in os.listdir(osp.join(hub, 'checkpoints')))
