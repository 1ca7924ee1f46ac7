"""mim (openmim) with the installed wheel: it finds the model index, the
configs and the tools in ``mogaseg/.mim``, from a folder outside the
checkout."""
import os.path as osp
import re
import shutil
import sys

from mmengine.config import Config

MIM = (sys.executable, '-m', 'mim')
DEMO_CONFIG = 'moganet-xtiny_1xb16_demo-imagenet-64px.py'
NAME = 'moganet-tiny_8xb128_in1k'


def test_mim_search_lists_the_index(run_installed, index_rows):
    proc, log = run_installed(*MIM, 'search', 'mogaseg')
    assert proc.returncode == 0, log[-3000:]
    listed = re.findall(r'^config id: (\S+)$', proc.stdout, re.M)
    assert sorted(listed) == sorted(index_rows)


def _package_with_weights_at(installed_wheel, tmp_path, url):
    """A copy of the installed package whose index gives ``NAME`` the
    weights at ``url``."""
    site = str(tmp_path / 'site')
    shutil.copytree(installed_wheel.site, site)
    metafile = osp.join(site, 'mogaseg', '.mim', 'configs', 'moganet',
                        'metafile.yml')
    with open(metafile) as f:
        text = f.read()
    row = text.index(f'- Name: {NAME}\n')
    weights = re.compile(r'Weights: (\S+)').search(text, row)
    with open(metafile, 'w') as f:
        f.write(text[:weights.start(1)] + url + text[weights.end(1):])
    return site


def test_mim_download_writes_the_config_and_the_weights(
        run_installed, installed_wheel, file_server, tmp_path):
    (file_server.root / 'weights.pth').write_bytes(b'released weights')
    site = _package_with_weights_at(installed_wheel, tmp_path,
                                    f'{file_server.url}/weights.pth')
    dest = tmp_path / 'downloads'
    proc, log = run_installed(
        *MIM, 'download', 'mogaseg', '--config', NAME, '--dest', str(dest),
        site=site)
    assert proc.returncode == 0, log[-3000:]
    assert file_server.requests == ['/weights.pth']
    assert (dest / 'weights.pth').read_bytes() == b'released weights'
    # the config, its bases merged in, as one file
    cfg = Config.fromfile(str(dest / f'{NAME}.py'),
                          import_custom_modules=False)
    assert cfg.model.backbone.arch == 'tiny'
    assert cfg.default_scope == 'mmpretrain'


def test_mim_train_and_test_run_our_tools(run_installed, installed_wheel,
                                          tiny_imagenet, loader_options,
                                          tmp_path):
    """One epoch of the classification demo config on the tiny dataset,
    then its test, by the config's file name alone."""
    options = loader_options(
        tiny_imagenet,
        **{'dataset.classes': '{root}/meta/classes.txt', 'batch_size': 8})
    work_dir = str(tmp_path / 'work')
    # one iteration: the 32 training images in one batch
    proc, log = run_installed(
        *MIM, 'train', 'mogaseg', DEMO_CONFIG, '--work-dir', work_dir,
        '--cfg-options', 'train_cfg.max_epochs=1', 'param_scheduler.1.end=2',
        *options, 'train_dataloader.batch_size=32')
    assert proc.returncode == 0, log[-4000:]
    mim = osp.join(installed_wheel.site, 'mogaseg', '.mim')
    assert f'{mim}/tools/train.py {mim}/configs/moganet/{DEMO_CONFIG}' \
        in log
    checkpoint = osp.join(work_dir, 'epoch_1.pth')
    assert osp.isfile(checkpoint), log[-3000:]

    proc, log = run_installed(
        *MIM, 'test', 'mogaseg', DEMO_CONFIG, '--checkpoint', checkpoint,
        '--work-dir', str(tmp_path / 'test'), '--cfg-options', *options)
    assert proc.returncode == 0, log[-4000:]
    assert f'{mim}/tools/test.py' in log
    top1 = re.findall(r'accuracy/top1: ([\d.]+)', log)
    assert top1 and 0 <= float(top1[-1]) <= 100
