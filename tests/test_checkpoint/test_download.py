"""Published weights over http: downloaded once into torch's hub cache,
one file per URL and only once whole (length, ETag, the hash in the file
name, the format checked), converted while they load, through
``get_model``, ``init_cfg`` and mmpretrain's own ``get_model``; http and
connection errors name the URL."""
import hashlib
import http.server
import io
import logging
import os
import os.path as osp
import re
import socket
import threading

import pytest
import torch
from mmengine.logging import MMLogger
from mmengine.runner import CheckpointLoader

from mogaseg.apis import build_model_from_config, get_model, model_info
from mogaseg.checkpoint import CheckpointReadError
from mogaseg.checkpoint.download import cache_name, cache_path

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
    assert os.listdir(osp.join(hub, 'checkpoints')) == [
        cache_name(model_info(NAME).weights)
    ]
    assert cache_name(model_info(NAME).weights).endswith('_' + RELEASE_FILE)
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
    with pytest.raises(CheckpointReadError, match='sha256 hash is [0-9a-f]'
                       '{8}, and its file name says 0123abcd'):
        get_model(NAME, pretrained=f'{server.url}/bad-0123abcd.pth')
    assert not any('bad' in f for f in os.listdir(osp.join(hub,
                                                           'checkpoints')))


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
    share = ('https://cloud.tsinghua.edu.cn/d/0100f0/files/'
             '?p=%2Fvan_b4_22k.pth&dl=1')
    assert cache_name(share).endswith('_van_b4_22k.pth')
    drive = 'https://drive.google.com/file/d/1Jl8Ltyv/view?usp=sharing'
    assert cache_name(drive) != cache_name(drive + 'x')
    assert cache_name(drive).endswith('_view.pth')

    server, root, hub = release_server
    (root / 'view').write_text('<!DOCTYPE html><html>sign in</html>')
    # an error page without a doctype is a web page too
    (root / 'login').write_text('\n  <head><title>Log in</title></head>')
    for page in ('view?usp=sharing', 'login'):
        with pytest.raises(
                CheckpointReadError,
                match=re.escape(f'{server.url}/{page}: it is a web page')):
            get_model(NAME, pretrained=f'{server.url}/{page}')
    assert os.listdir(osp.join(hub, 'checkpoints')) == []


# What a release links to look at a file, not to download it: HTML pages
# that get_model would refuse (Google Drive's /view, Tsinghua Cloud's
# share page without dl=1).
_SHARE_PAGES = re.compile(
    r'drive\.google\.com/file/d/|/view\?usp=sharing|'
    r'cloud\.tsinghua\.edu\.cn/f/\w+/?$')


def test_published_weights_are_downloads_not_share_pages():
    from mogaseg.apis import list_models
    weights = {
        name: model_info(name).weights
        for name in list_models() if model_info(name).weights
    }
    pages = {n: w for n, w in weights.items() if _SHARE_PAGES.search(w)}
    assert pages == {}
    # Drive's direct downloads skip its virus-scan page, which it sends
    # instead of any file over about 100 MB
    drive = [w for w in weights.values() if 'google.com' in w]
    assert drive, 'the VAN Semantic FPN weights are on Google Drive'
    for url in drive:
        assert url.startswith('https://drive.usercontent.google.com/'
                              'download?id='), url
        assert 'export=download' in url and 'confirm=t' in url, url
    # four files that share the path's name ('download') cache apart
    assert len({cache_name(u) for u in drive}) == len(drive)


class _Server:
    """An HTTP server of ``routes``: path -> (status, body, headers); the
    headers replace the default ``Content-Length`` (the body's). It records
    the paths requested."""

    def __init__(self):
        self.routes, self.requests = {}, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):

            def do_GET(self):
                server.requests.append(self.path)
                status, body, headers = server.routes.get(
                    self.path, (404, b'', {}))
                self.send_response(status)
                for key, value in dict({'Content-Length': str(len(body))},
                                       **headers).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)  # HTTP/1.0: the connection closes

            def log_message(self, *args):
                """No access log on the test's output."""

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}'
        threading.Thread(target=self.httpd.serve_forever, args=(0.05, ),
                         daemon=True).start()

    def serve(self, path, body, status=200, **headers):
        self.routes[path] = (status, body, headers)
        return self.url + path


@pytest.fixture
def web(tmp_path):
    """(server, cache dir): a :class:`_Server` and an empty hub cache."""
    server = _Server()
    old_hub = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / 'hub'))
    yield server, osp.join(str(tmp_path / 'hub'), 'checkpoints')
    torch.hub.set_dir(old_hub)
    server.httpd.shutdown()


@pytest.fixture
def warnings_logged():
    """The warnings that MMEngine's current logger prints meanwhile."""
    logger = MMLogger.get_current_instance()
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: lines.append(record.getMessage())
    lines = []
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def _weights(value: float) -> bytes:
    buffer = io.BytesIO()
    torch.save({'state_dict': {'w': torch.full((256, ), value)}}, buffer)
    return buffer.getvalue()


def _load(url):
    return CheckpointLoader.load_checkpoint(url, map_location='cpu')


def _cached(cache):
    return sorted(os.listdir(cache)) if osp.isdir(cache) else []


def test_two_urls_with_one_file_name_load_their_own_weights(web):
    server, cache = web
    first = server.serve('/run1/model_best.pth', _weights(1.))
    second = server.serve('/run2/model_best.pth', _weights(2.))
    assert _load(first)['state_dict']['w'][0] == 1.
    assert _load(second)['state_dict']['w'][0] == 2.
    assert _load(first)['state_dict']['w'][0] == 1.  # from the cache
    assert server.requests == ['/run1/model_best.pth', '/run2/model_best.pth']
    assert _cached(cache) == sorted(
        [cache_name(first), cache_name(second)])
    assert all(name.endswith('_model_best.pth') for name in _cached(cache))


def test_an_incomplete_download_is_not_kept(web):
    server, cache = web
    whole = _weights(1.)
    url = server.serve('/cut.pth', whole[:len(whole) // 2],
                       **{'Content-Length': str(len(whole))})
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'{url} is incomplete: the server '
                                       f'announced {len(whole)} bytes and '
                                       f'sent {len(whole) // 2}')):
        _load(url)
    assert _cached(cache) == []  # no partial file either
    server.serve('/cut.pth', whole)  # the next try gets it whole
    assert _load(url)['state_dict']['w'][0] == 1.


def test_a_download_whose_md5_etag_differs_is_not_kept(web):
    server, cache = web
    body = _weights(1.)
    md5 = hashlib.md5(body).hexdigest()
    url = server.serve('/w.pth', body, ETag=f'"{md5[::-1]}"')
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'{url} is damaged: its md5 hash is '
                                       f'{md5}')):
        _load(url)
    assert _cached(cache) == []
    for etag in (f'"{md5}"', f'W/"{md5[::-1]}"', '"5f1b-5e3"'):
        # right, or a form that is no MD5 (weak, a server's own): loads
        url = server.serve(f'/{len(etag)}.pth', body, ETag=etag)
        assert _load(url)['state_dict']['w'][0] == 1.


def test_a_download_that_is_no_whole_checkpoint_is_not_kept(web):
    server, cache = web
    # the whole body the server has, which is itself cut
    whole = _weights(1.)
    url = server.serve('/short.pth', whole[:len(whole) // 2])
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'{url}: it is truncated')):
        _load(url)
    url = server.serve('/moat_tiny.tar.gz', b'\x1f\x8b' + b'\0' * 100)
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'{url}: it is truncated')):
        _load(url)
    assert _cached(cache) == []


def test_a_damaged_cached_copy_is_fetched_once_more(web, warnings_logged):
    server, cache = web
    url = server.serve('/w.pth', _weights(3.))
    _load(url)
    path = cache_path(url)
    with open(path, 'r+b') as f:
        f.truncate(1000)  # damaged on disk (or cached before the checks)
    assert _load(url)['state_dict']['w'][0] == 3.
    assert server.requests == ['/w.pth', '/w.pth']
    assert [f'{path}, the cached copy of {url}, is truncated' in line
            for line in warnings_logged] == [True]
    # a second failure is the error, and leaves nothing in the cache
    with open(path, 'r+b') as f:
        f.truncate(1000)
    server.serve('/w.pth', b'', status=404)
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'{url}: the server answered 404')):
        _load(url)
    assert _cached(cache) == []


def test_http_errors_and_no_connection_name_the_url(web):
    server, cache = web
    url = server.url + '/missing.pth'
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'cannot download the checkpoint '
                                       f'{url}: the server answered 404 '
                                       'Not Found')):
        _load(url)
    with socket.socket() as free:
        free.bind(('127.0.0.1', 0))
        port = free.getsockname()[1]
    url = f'http://127.0.0.1:{port}/w.pth'  # nothing listens there
    with pytest.raises(CheckpointReadError,
                       match=re.escape(f'cannot download the checkpoint '
                                       f'{url}: no connection to 127.0.0.1:'
                                       f'{port} (') + '.*refused'):
        _load(url)
    assert _cached(cache) == []
