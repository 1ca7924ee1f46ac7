"""The wheel carries the project (configs, tools, demos, the model index in
``mogaseg/.mim``) and its metadata; installed outside the checkout it serves
the model zoo, ``mogaseg::`` configs and the registration, and importing it
reads none of those files."""
import email
import json
import os
import os.path as osp
import sys
import textwrap
import zipfile

from mogaseg.version import __version__

PROJECT_FILES = ('configs', 'tools', 'demo')


def _checkout_files(repo_root):
    files = {'model-index.yml'}
    for folder in PROJECT_FILES:
        for root, dirs, names in os.walk(osp.join(repo_root, folder)):
            dirs[:] = [d for d in dirs if d != '__pycache__']
            files.update(
                osp.relpath(osp.join(root, n), repo_root).replace(os.sep, '/')
                for n in names if not n.endswith('.pyc'))
    return files


def test_the_wheel_carries_the_project_in_mim(installed_wheel, repo_root):
    with zipfile.ZipFile(installed_wheel.wheel) as wheel:
        names = wheel.namelist()
    prefix = 'mogaseg/.mim/'
    carried = {n[len(prefix):] for n in names if n.startswith(prefix)}
    assert carried == _checkout_files(repo_root)
    assert not any(n.startswith(('tests/', 'configs/', 'tools/'))
                   for n in names)
    assert 'mogaseg/__main__.py' in names
    # the installed copy: real files, not links into a checkout
    mim = osp.join(installed_wheel.site, 'mogaseg', '.mim')
    assert not any(osp.islink(osp.join(mim, n)) for n in os.listdir(mim))
    assert osp.isfile(osp.join(mim, 'configs', 'moganet',
                               'moganet-tiny_8xb128_in1k.py'))


def test_the_wheel_metadata(installed_wheel, repo_root):
    with zipfile.ZipFile(installed_wheel.wheel) as wheel:
        metadata = email.message_from_string(
            wheel.read(f'mogaseg-{__version__}.dist-info/METADATA').decode())
    assert metadata['Name'] == 'mogaseg'
    assert metadata['Version'] == __version__
    assert metadata['License'] == 'Apache-2.0'
    assert metadata['Requires-Python'] == '>=3.10'
    assert metadata['Description-Content-Type'] == 'text/markdown'
    with open(osp.join(repo_root, 'README.md'), encoding='utf-8') as f:
        assert metadata.get_payload().strip() == f.read().strip()
    requires = metadata.get_all('Requires-Dist')
    assert 'mmdet==3.3.0' in requires
    assert any(r.startswith('openmim') and 'extra == "tests"' in r
               for r in requires)
    assert metadata.get_all('Project-URL')
    assert osp.basename(installed_wheel.sdist) == \
        f'mogaseg-{__version__}.tar.gz'


# Run as a user of the wheel would; prints one JSON object.
_USER_SESSION = textwrap.dedent('''
    import builtins, json, os, sys
    opened = []
    _open = builtins.open
    def recording_open(file, *args, **kwargs):
        opened.append(str(file))
        return _open(file, *args, **kwargs)
    builtins.open = recording_open
    import mogaseg.apis
    builtins.open = _open
    from mogaseg.utils.project_files import project_root
    out = dict(package=mogaseg.__file__, root=project_root(),
               read_at_import=[p for p in opened if '.mim' in p])

    from mogaseg.apis import get_model, list_models
    out['models'] = list_models()
    model = get_model('moganet-xtiny_8xb128_in1k')
    out['built'] = [type(model).__name__, type(model.backbone).__name__]

    from mmpretrain.apis.model import ModelHub
    out['in_mmpretrain'] = ModelHub.has('moganet-xtiny_8xb128_in1k')

    # MMEngine reads mogaseg:: paths once mogaseg is registered (get_model
    # above has done it too)
    from mogaseg.utils import register_all_modules
    register_all_modules(init_default_scope=False)
    from mmengine.hub import get_config
    cfg = get_config('mogaseg::moganet/moganet-tiny_8xb128_in1k.py')
    out['hub_config'] = [cfg.model.backbone.arch, cfg.default_scope]

    # a user's configs inheriting shipped ones
    with open('det.py', 'w') as f:
        f.write("_base_ = ['mogaseg::moganet/"
                "mask-rcnn_moganet-tiny_fpn_1x_coco.py']\\n"
                "model = dict(roi_head=dict(bbox_head=dict(num_classes=3)))")
    with open('cls.py', 'w') as f:
        f.write("_base_ = ['mogaseg::moganet/moganet-xtiny_8xb128_in1k.py']"
                "\\nmodel = dict(head=dict(num_classes=10))")
    from mmengine.config import Config
    det = Config.fromfile('det.py')
    out['user_det'] = [det.model.type, det.model.backbone.type,
                       det.model.roi_head.bbox_head.num_classes,
                       det.default_scope]
    from mogaseg.apis import build_model_from_config
    cls = build_model_from_config('cls.py')
    out['user_cls'] = [type(cls).__name__, cls.head.fc.out_features]
    print(json.dumps(out))
''')


def test_a_user_of_the_wheel(run_installed, installed_wheel, index_rows):
    proc, log = run_installed(sys.executable, '-c', _USER_SESSION)
    assert proc.returncode == 0, log[-4000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    package = osp.join(installed_wheel.site, 'mogaseg')
    assert out['package'] == osp.join(package, '__init__.py')
    assert out['root'] == osp.join(package, '.mim')
    # importing reads none of the project files
    assert out['read_at_import'] == []
    rows = index_rows
    assert len(out['models']) == len(rows) == len(set(rows))
    assert set(out['models']) == {r.lower() for r in rows}
    assert out['built'] == ['ImageClassifier', 'MogaNet']
    assert out['in_mmpretrain'] is True
    assert out['hub_config'] == ['tiny', 'mmpretrain']
    assert out['user_det'] == ['MaskRCNN', 'mogaseg.MogaNet', 3, 'mmdet']
    assert out['user_cls'] == ['ImageClassifier', 10]
