import http.server
import os
import os.path as osp
import socket
import threading

import pytest
import torch
import torch.nn as nn
from torch.nn.modules.batchnorm import _BatchNorm

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


class _RunsCode:
    """Unpickling this calls ``os.makedirs(path)``: a stand-in for any code
    a crafted checkpoint could run."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return os.makedirs, (self.path, )


@pytest.fixture
def crafted_checkpoint(tmp_path):
    """(path, marker): a checkpoint whose unpickling would create the
    ``marker`` directory."""
    marker = str(tmp_path / 'ran_code')
    path = str(tmp_path / 'crafted.pth')
    torch.save({'state_dict': {'w': torch.zeros(1)}, 'x': _RunsCode(marker)},
               path)
    return path, marker


@pytest.fixture
def randomize_folded_params():
    """Give BatchNorm statistics and affines, and every parameter whose name
    holds one of ``scale_names`` (layer scales ...), random values, so that
    folding them into convs is not trivially close to the identity."""

    def randomize(model: nn.Module, scale_names=(), seed: int = 0):
        gen = torch.Generator().manual_seed(seed)

        def uniform(t, low, high):
            t.copy_(torch.rand(t.shape, generator=gen) * (high - low) + low)

        with torch.no_grad():
            for module in model.modules():
                if isinstance(module, _BatchNorm):
                    uniform(module.running_mean, -0.5, 0.5)
                    uniform(module.running_var, 0.5, 2.)
                    uniform(module.weight, 0.5, 1.5)
                    uniform(module.bias, -0.5, 0.5)
            for name, param in model.named_parameters():
                if any(key in name for key in scale_names):
                    uniform(param, -0.3, 0.3)
        return model

    return randomize


class _FileServer:
    """A local HTTP server of one directory that records its requests."""

    def __init__(self, root):
        self.root = root
        self.requests = []
        server = self

        class Handler(http.server.SimpleHTTPRequestHandler):

            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(root), **kwargs)

            def do_GET(self):
                server.requests.append(self.path)
                super().do_GET()

            def log_message(self, *args):
                """No access log on the test's output."""

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                     Handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}'
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def file_server(tmp_path):
    """An HTTP server on 127.0.0.1 of the (empty) folder ``.root``, for
    URLs of released weights; ``.url`` is its address."""
    root = tmp_path / 'www'
    root.mkdir()
    server = _FileServer(root)
    yield server
    server.httpd.shutdown()


@pytest.fixture(autouse=True, scope='session')
def _package_indexes_read_once():
    """MMEngine's lookups of ``mmdet::`` / ``mmseg::`` config bases, each a
    read of the package's whole model index, done once per process
    (``helpers/package_index_cache.py``)."""
    from helpers.package_index_cache import read_package_indexes_once
    read_package_indexes_once()


@pytest.fixture(scope='session')
def loader_options():
    """``--cfg-options`` that point every dataloader at ``root``, in this
    process (no workers), with ``KEY=VALUE`` settings of their own
    (``{root}`` in a value is filled in)."""
    from mogaseg.engine.cli import loader_cfg_options
    return loader_cfg_options


@pytest.fixture(autouse=True)
def _run_from_repo_root(monkeypatch):
    """Config paths in the tests are relative to the repository root."""
    monkeypatch.chdir(REPO_ROOT)


@pytest.fixture(scope='session')
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope='session')
def tiny_imagenet(tmp_path_factory):
    """A tiny dataset in the ImageNet layout: 8 classes, 4 train and 2 val
    images each, 32x32 px."""
    from mogaseg.datasets import make_imagenet_like
    root = str(tmp_path_factory.mktemp('tiny_imagenet'))
    make_imagenet_like(
        root, train_per_class=4, val_per_class=2, image_size=32, seed=1)
    return root


@pytest.fixture(scope='session')
def tiny_coco(tmp_path_factory):
    """A tiny dataset in the COCO layout: 4 classes, 8 train and 4 val
    images of 64x64 px."""
    from mogaseg.datasets import make_coco_like
    root = str(tmp_path_factory.mktemp('tiny_coco'))
    make_coco_like(
        root, train_images=8, val_images=4, image_size=64, seed=1)
    return root


@pytest.fixture(scope='session')
def tiny_coco_keypoints(tmp_path_factory):
    """A tiny person-keypoint dataset in the COCO layout: 8 train and 4 val
    images of 128x128 px, one or two people each, with a detections file."""
    from mogaseg.datasets import make_coco_keypoints_like
    root = str(tmp_path_factory.mktemp('tiny_coco_keypoints'))
    make_coco_keypoints_like(root, train_images=8, val_images=4, seed=1)
    return root


@pytest.fixture(scope='session')
def tiny_ade20k(tmp_path_factory):
    """A tiny dataset in the ADE20K layout: 4 shape classes, 6 training
    and 3 validation images of 64x64 px."""
    from mogaseg.datasets import make_ade20k_like
    root = str(tmp_path_factory.mktemp('tiny_ade20k'))
    make_ade20k_like(
        root, train_images=6, val_images=3, image_size=64, seed=1)
    return root


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'slow: end-to-end runs of the tools (subprocesses)')
    os.environ.setdefault('OMP_NUM_THREADS', '2')


@pytest.fixture(scope='session', autouse=True)
def _mogaseg_registered():
    """Register mogaseg as the tools, ``mogaseg.apis`` and the configs'
    ``custom_imports`` do (importing the package registers nothing), for
    the tests that load checkpoints through MMEngine or name our models in
    mmpretrain directly. That importing registers nothing is
    tests/test_utils/test_setup_env.py's test, in a fresh process."""
    from mogaseg.utils import register_all_modules
    register_all_modules(init_default_scope=False)


@pytest.fixture
def free_port():
    """A TCP port nobody listens on now, for a torchrun rendezvous."""

    def port() -> int:
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            return sock.getsockname()[1]

    return port
