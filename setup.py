import os
import os.path as osp
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py
from setuptools.command.develop import develop

HERE = osp.dirname(osp.abspath(__file__))
# The project files that the package carries in mogaseg/.mim, where mim and
# MMEngine's `mogaseg::` config paths look for them (the OpenMMLab layout);
# mogaseg/utils/project_files.py reads them there.
PROJECT_FILES = ('configs', 'tools', 'demo', 'model-index.yml')
MIM_DIR = osp.join('mogaseg', '.mim')


def read_version():
    namespace = {}
    with open(osp.join(HERE, 'mogaseg', 'version.py')) as f:
        exec(f.read(), namespace)
    return namespace['__version__']


def read_requirements(name):
    with open(osp.join(HERE, 'requirements', name)) as f:
        return [
            line.strip() for line in f
            if line.strip() and not line.startswith(('#', '-'))
        ]


def _remove(path):
    if osp.islink(path) or osp.isfile(path):
        os.remove(path)
    elif osp.isdir(path):
        shutil.rmtree(path)


def copy_project_files(mim_dir):
    """Copies into a wheel's build folder: an installed wheel has no
    checkout to point at."""
    _remove(mim_dir)
    os.makedirs(mim_dir)
    for name in PROJECT_FILES:
        source, target = osp.join(HERE, name), osp.join(mim_dir, name)
        if osp.isdir(source):
            shutil.copytree(
                source, target,
                ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        else:
            shutil.copy2(source, target)


def link_project_files(mim_dir):
    """Relative symlinks into the checkout for an editable install, so that
    edits show at once; copies where the file system has no symlinks."""
    os.makedirs(mim_dir, exist_ok=True)
    for name in PROJECT_FILES:
        target = osp.join(mim_dir, name)
        _remove(target)
        try:
            os.symlink(osp.relpath(osp.join(HERE, name), mim_dir), target)
        except OSError:
            if osp.isdir(osp.join(HERE, name)):
                shutil.copytree(osp.join(HERE, name), target)
            else:
                shutil.copy2(osp.join(HERE, name), target)


class BuildPy(build_py):
    """build_py, plus the project files in mogaseg/.mim. pip's editable
    install (setuptools' editable_wheel) runs it with editable_mode set:
    then the links go into the source tree, which the install imports."""

    def run(self):
        super().run()
        if getattr(self, 'editable_mode', False):
            link_project_files(osp.join(HERE, MIM_DIR))
        else:
            copy_project_files(osp.join(self.build_lib, MIM_DIR))


class Develop(develop):
    """The legacy `setup.py develop`, linked as the editable install."""

    def run(self):
        link_project_files(osp.join(HERE, MIM_DIR))
        super().run()


with open(osp.join(HERE, 'README.md'), encoding='utf-8') as f:
    README = f.read()

setup(
    name='mogaseg',
    version=read_version(),
    description='Config-driven training of gated-aggregation vision '
    'backbones (MogaNet, VAN, FocalNet, MOAT) for classification, '
    'detection, segmentation and pose estimation on MMEngine',
    long_description=README,
    long_description_content_type='text/markdown',
    keywords='computer vision, backbone, MogaNet, VAN, FocalNet, MOAT, '
    'OpenMMLab, classification, detection, segmentation',
    packages=find_packages(exclude=('configs', 'tools', 'tests', 'tests.*')),
    cmdclass={'build_py': BuildPy, 'develop': Develop},
    python_requires='>=3.10',
    install_requires=read_requirements('runtime.txt'),
    extras_require={
        'tools': read_requirements('tools.txt'),
        # the tests run every tool
        'tests': read_requirements('tests.txt') +
        read_requirements('tools.txt'),
    },
    license='Apache-2.0',
    # The backbones' published implementations, whose weights the model
    # index lists.
    project_urls={
        'MogaNet': 'https://github.com/Westlake-AI/MogaNet',
        'VAN':
        'https://github.com/Visual-Attention-Network/VAN-Classification',
        'FocalNet': 'https://github.com/microsoft/FocalNet',
        'MOAT': 'https://github.com/google-research/deeplab2',
        'MMEngine': 'https://github.com/open-mmlab/mmengine',
    },
    classifiers=[
        'Development Status :: 4 - Beta',
        'Intended Audience :: Developers',
        'Intended Audience :: Science/Research',
        'Operating System :: OS Independent',
        'Programming Language :: Python :: 3',
        'Programming Language :: Python :: 3 :: Only',
        'Programming Language :: Python :: 3.10',
        'Programming Language :: Python :: 3.11',
        'Topic :: Scientific/Engineering :: Artificial Intelligence',
        'Topic :: Scientific/Engineering :: Image Recognition',
    ],
)
