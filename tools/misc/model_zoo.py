"""Model zoo tables in Markdown, from model-index.yml.

    python tools/misc/model_zoo.py                    # print all tables
    python tools/misc/model_zoo.py --check README.md  # exit 1 if stale
    python tools/misc/model_zoo.py --write README.md  # rewrite its blocks

A family is a folder under configs/. Its tables go between
``<!-- model-zoo:FAMILY:start -->`` and ``<!-- model-zoo:FAMILY:end -->``
in the README (families without markers are left out), one table a
training dataset (pose estimation apart): Config | Params (M) | FLOPs (G) |
the published metrics | Weights. Params, FLOPs (multiply-accumulates) and metrics are the
published ones the metafiles quote; "—" where nothing is published.
"""
import argparse
import os.path as osp
import re
import sys
from decimal import Decimal

from modelindex.load_model_index import load

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
NONE = '—'
POSE_TASKS = ('Body 2D Keypoint', )
BLOCK = re.compile(
    r'(?P<start><!-- model-zoo:(?P<family>[\w.-]+):start -->\n)(?P<body>.*?)'
    r'(?P<end><!-- model-zoo:(?P=family):end -->)', re.S)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--model-index',
        default=osp.join(REPO_ROOT, 'model-index.yml'),
        help='the model index (default: the repository\'s)')
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        '--check',
        metavar='README',
        help='exit 1 if a generated block of README differs')
    group.add_argument(
        '--write', metavar='README', help='rewrite the blocks of README')
    return parser.parse_args(argv)


def load_families(index_path):
    """{family: [model, ...]} in the index's order."""
    index = load(index_path)
    index.build_models_with_collections()
    families = {}
    for model in index.models:
        # Config: configs/<family>/<name>.py
        family = osp.basename(osp.dirname(model.config))
        families.setdefault(family, []).append(model)
    return families


def _unique(items):
    return list(dict.fromkeys(items))


def _scaled(value, unit):
    if value is None:
        return NONE
    # exact decimals, so the published digits come back (2.97, 180.8);
    # whole numbers get one decimal to read like the rest of a column
    text = format((Decimal(value) / unit).normalize(), 'f')
    return text if '.' in text else text + '.0'


def _results(model):
    return model.results.data if model.results is not None else []


def render_family(models):
    """The family's tables, one a training dataset, in the index's order."""
    sections = {}
    for model in models:
        data = model.metadata.data.get('Training Data')
        if isinstance(data, (list, tuple)):  # e.g. pre-training, then 1k
            data = ' + '.join(data)
        # COCO detectors and COCO pose estimators get tables of their own
        pose = any(r.task in POSE_TASKS for r in _results(model))
        sections.setdefault((data, pose), []).append(model)
    tables = []
    for (dataset, _), rows in sections.items():
        results = [r for model in rows for r in _results(model)]
        tasks = _unique(r.task for r in results)
        metrics = _unique(name for r in results for name in r.metrics)
        if tasks:
            title = ' and '.join([', '.join(tasks[:-1]), tasks[-1]]
                                 if len(tasks) > 1 else tasks)
            title += f' on {dataset}'
        else:
            title = f'{dataset} (nothing published)'
        header = ['Config', 'Params (M)', 'FLOPs (G)', *metrics, 'Weights']
        lines = [
            f'**{title}**', '', '| ' + ' | '.join(header) + ' |',
            '|' + ' --- |' * len(header)
        ]
        for model in rows:
            meta = model.metadata.data
            values = {}
            for r in _results(model):
                values.update(r.metrics)
            cells = [
                f'[{model.name}]({model.config})',
                _scaled(meta.get('Parameters'), 10**6),
                _scaled(meta.get('FLOPs'), 10**9),
                *(str(values.get(name, NONE)) for name in metrics),
                f'[link]({model.weights})' if model.weights else NONE,
            ]
            lines.append('| ' + ' | '.join(cells) + ' |')
        tables.append('\n'.join(lines) + '\n')
    return '\n'.join(tables)


def update_readme(text, families):
    """(new text, families whose block changed); raises ValueError for a
    block of a family the index does not have."""
    changed = []

    def replace(match):
        family = match['family']
        if family not in families:
            raise ValueError(f'a model-zoo block names {family!r}, which is '
                             f'not in the index ({", ".join(families)})')
        body = '\n' + render_family(families[family]) + '\n'
        if body != match['body']:
            changed.append(family)
        return match['start'] + body + match['end']

    return BLOCK.sub(replace, text), changed


def main(argv=None):
    args = parse_args(argv)
    families = load_families(args.model_index)
    readme = args.check or args.write
    if readme is None:
        for models in families.values():
            print(f'## {models[0].in_collection}\n')
            print(render_family(models))
        return
    with open(readme, encoding='utf-8') as f:
        text = f.read()
    # a start marker without its end would otherwise be skipped silently
    starts = re.findall(r'<!-- model-zoo:([\w.-]+):start -->', text)
    found = [m['family'] for m in BLOCK.finditer(text)]
    if not starts:
        sys.exit(f'error: {readme} has no <!-- model-zoo:FAMILY:start --> '
                 'marker')
    if starts != found:
        unmatched = [f for f in starts if f not in found] or starts
        sys.exit(f'error: {readme}: a start marker without its end (or '
                 f'not ending its line): {", ".join(unmatched)}')
    try:
        new_text, changed = update_readme(text, families)
    except ValueError as err:
        sys.exit(f'error: {readme}: {err}')
    if args.check:
        if changed:
            print(f'{readme}: model zoo out of date for {", ".join(changed)}; '
                  f'run python tools/misc/model_zoo.py --write {readme}')
            sys.exit(1)
        print(f'{readme}: model zoo up to date ({", ".join(found)})')
    elif changed:
        with open(readme, 'w', encoding='utf-8') as f:
            f.write(new_text)
        print(f'{readme}: rewrote {", ".join(changed)}')
    else:
        print(f'{readme}: nothing to change')


if __name__ == '__main__':
    main()
