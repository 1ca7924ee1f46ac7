"""Plot training curves from MMEngine's scalars.json logs.

    python tools/analysis/analyze_logs.py plot_curve \
        WORK_DIR/TIMESTAMP/vis_data/scalars.json --keys loss accuracy/top1 \
        --out curves.png

Several logs give one line each (named by --legend, or their paths).
Training values are plotted over iterations, validation metrics over
validation steps.
"""
import argparse
import sys

from mogaseg.analysis.logs import load_scalars, plot_curves


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='Analyse training logs.')
    sub = parser.add_subparsers(dest='command', required=True)
    plot = sub.add_parser('plot_curve', help='plot curves of some keys')
    plot.add_argument('logs', nargs='+', help='scalars.json files')
    plot.add_argument(
        '--keys', nargs='+', default=['loss'], help='keys to plot')
    plot.add_argument('--out', required=True, help='image file to write')
    plot.add_argument('--legend', nargs='+', help='one name per log')
    plot.add_argument('--title', default='')
    args = parser.parse_args(argv)
    if args.legend and len(args.legend) != len(args.logs):
        parser.error(f'--legend needs {len(args.logs)} names, one per log')
    return args


def main(argv=None):
    args = parse_args(argv)
    names = args.legend or args.logs
    try:
        runs = {name: load_scalars(path)
                for name, path in zip(names, args.logs)}
        plot_curves(runs, args.keys, args.out, args.title)
    except (FileNotFoundError, ValueError, KeyError) as err:
        sys.exit(f'error: {err.args[0] if err.args else err}')
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
