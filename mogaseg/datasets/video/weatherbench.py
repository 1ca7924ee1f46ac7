"""WeatherBench: global ERA5 reanalysis fields regridded to a coarse grid,
one NetCDF file per year, read as the release's weather loader reads them.

::

    data_root/
    └── 2m_temperature/
        ├── 2m_temperature_1979_5.625deg.nc    t2m (time, lat, lon),
        ├── ...                                hourly, 32x64 at 5.625 deg
        └── 2m_temperature_2018_5.625deg.nc

Items are windows of consecutive (strided) hours, normalised to zero mean
and unit variance.
"""
import glob
import os.path as osp
from typing import Optional, Sequence, Tuple

import numpy as np

from mogaseg.errors import ConfigError, DataError
from mogaseg.registry import DATASETS
from .base import VideoPredictionDataset, resolve_split
from .netcdf import read_field

#: Short name -> (folder, NetCDF variable) of the single-level fields.
VARIABLES = {
    't2m': ('2m_temperature', 't2m'),
    'tcc': ('total_cloud_cover', 'tcc'),
    'tp': ('total_precipitation', 'tp'),
    'u10': ('10m_u_component_of_wind', 'u10'),
    'v10': ('10m_v_component_of_wind', 'v10'),
    'z500': ('geopotential_500', 'z'),
    't850': ('temperature_850', 't'),
}
#: The release's years of each split for its single-variable benchmarks.
DEFAULT_YEARS = dict(
    train=('2010', '2015'), val=('2016', '2016'), test=('2017', '2018'))
#: Grid (lat, lon) of each resolution in degrees.
GRIDS = {'5.625': (32, 64), '2.8125': (64, 128), '1.40625': (128, 256)}


def _years(years: Sequence) -> Tuple[int, int]:
    first, last = (int(year) for year in years)
    if first > last:
        raise ConfigError(f'years must be (first, last), got {years}')
    return first, last


def mean_std(frames: np.ndarray) -> Tuple[float, float]:
    """Mean and (population) standard deviation over all values, in float64
    a chunk of frames at a time."""
    chunks = range(0, len(frames), 1024)
    mean = sum(frames[i:i + 1024].sum(dtype=np.float64)
               for i in chunks) / frames.size
    var = sum(np.square(frames[i:i + 1024].astype(np.float64) - mean).sum()
              for i in chunks) / frames.size
    return float(mean), float(np.sqrt(var))


@DATASETS.register_module()
class WeatherBench(VideoPredictionDataset):
    """WeatherBench at one resolution, one single-level variable: 12 hours
    in, the next 12 to predict (2 m temperature, 5.625 deg: frames of shape
    (1, 32, 64)).

    The frames of the split's years (hourly, then every ``step``-th, less
    the very last hour, as the release selects them) give one item per
    window of ``frames_in + frames_out`` consecutive frames, less the last
    window, as in the release, so that a split has the release's samples.

    Normalisation, ``(x - mean) / std`` over all values: ``metainfo``
    always holds the training years' ``mean`` and ``std`` (the metric takes
    frames back to the variable's units with them). With
    ``stats_from='split'`` (the default) each split's frames are normalised
    with the statistics of its own years, as the release's loader does (so
    de-normalised val and test frames are off from the stored values by
    the years' difference in statistics, as in the release's results);
    with ``'train'``, with the training years'. Either way the val and
    test splits read the training years' files once for their statistics,
    unless ``mean`` and ``std`` give them.

    Args:
        data_root (str): Folder holding one folder per variable (the
            release's ``data/weather_5_625deg`` or ``data/weather``).
        split (str, optional): ``'train'``, ``'val'`` or ``'test'``.
            Defaults to None: ``'test'`` with ``test_mode``, else
            ``'train'``.
        test_mode (bool): Read the test split when ``split`` is not given.
            Defaults to False.
        variable (str): One of :data:`VARIABLES`. Defaults to ``'t2m'``.
        resolution (str): Grid spacing in degrees as in the file names,
            ``'5.625'``, ``'2.8125'`` or ``'1.40625'`` (or the release's
            ``'5_625'`` spelling). Defaults to ``'5.625'``.
        years (Sequence, optional): First and last year of the split.
            Defaults to the release's: train 2010-2015, val 2016, test
            2017-2018.
        train_years (Sequence): First and last training year, whose
            statistics normalise. Defaults to ``('2010', '2015')``.
        frames_in (int): Input frames. Defaults to 12.
        frames_out (int): Frames to predict. Defaults to 12.
        step (int): Hours between frames. Defaults to 1.
        stats_from (str): ``'split'`` or ``'train'``, see above.
            Defaults to ``'split'``.
        mean (float, optional): The training years' mean, to skip reading
            them. Give it with ``std``.
        std (float, optional): The training years' standard deviation.
    """

    def __init__(self,
                 data_root: str,
                 split: Optional[str] = None,
                 test_mode: bool = False,
                 variable: str = 't2m',
                 resolution: str = '5.625',
                 years: Optional[Sequence] = None,
                 train_years: Sequence = DEFAULT_YEARS['train'],
                 frames_in: int = 12,
                 frames_out: int = 12,
                 step: int = 1,
                 stats_from: str = 'split',
                 mean: Optional[float] = None,
                 std: Optional[float] = None):
        self.split = resolve_split(split, test_mode, ('train', 'val', 'test'))
        if variable not in VARIABLES:
            raise ConfigError(f'variable must be one of {sorted(VARIABLES)}, '
                              f'got {variable!r}')
        self.resolution = str(resolution).replace('_', '.')
        if self.resolution not in GRIDS:
            raise ConfigError(f'resolution must be one of {sorted(GRIDS)}, '
                              f'got {resolution!r}')
        if stats_from not in ('split', 'train'):
            raise ConfigError("stats_from must be 'split' or 'train', got "
                              f'{stats_from!r}')
        if (mean is None) != (std is None):
            raise ConfigError('give both mean and std, or neither')
        if frames_in < 1 or frames_out < 1 or step < 1:
            raise ConfigError('frames_in, frames_out and step must be '
                              f'positive, got {frames_in}, {frames_out}, '
                              f'{step}')
        self.variable = variable
        self.folder = osp.join(data_root, VARIABLES[variable][0])
        self.frames_in, self.frames_out, self.step = \
            frames_in, frames_out, step
        self.years = _years(years or DEFAULT_YEARS[self.split])
        train_years = _years(train_years)

        frames = self._load_frames(self.years)
        if mean is None:
            same = self.split == 'train' or self.years == train_years
            mean, std = mean_std(
                frames if same else self._load_frames(train_years))
        if stats_from == 'split':
            own_mean, own_std = mean_std(frames)
        else:
            own_mean, own_std = mean, std
        super().__init__(mean=mean, std=std)
        # normalised in place, a chunk at a time
        for start in range(0, len(frames), 1024):
            chunk = frames[start:start + 1024]
            chunk[:] = (chunk - own_mean) / own_std
        self.series = frames[:, None]  # (N, 1, H, W)
        self.length = len(frames) - frames_in - frames_out
        if self.length < 1:
            raise DataError(
                f'{self.folder}: the years {self.years[0]}-{self.years[1]} '
                f'give {len(frames)} frames (every {step} h), too few for '
                f'one window of {frames_in} + {frames_out} frames')

    def _files(self) -> list:
        pattern = osp.join(self.folder, f'*_{self.resolution}deg.nc')
        files = sorted(glob.glob(pattern))
        if not files:
            raise DataError(
                f'{pattern}: no files; expected one NetCDF file per year '
                f'holding {VARIABLES[self.variable][1]!r} (time, lat, lon)')
        return files

    def _load_frames(self, years: Tuple[int, int]) -> np.ndarray:
        """The frames of ``years``: hourly, every ``step``-th, less the
        last, as float32 (N, H, W)."""
        first = np.datetime64(f'{years[0]:04d}-01-01T00', 's')
        end = np.datetime64(f'{years[1] + 1:04d}-01-01T00', 's')
        grid = GRIDS[self.resolution]
        name = VARIABLES[self.variable][1]
        values, times = [], []
        for path in self._files():
            field = read_field(path, name,
                               lambda t: (t >= first) & (t < end))
            if field.values.ndim != 3 or field.values.shape[1:] != grid:
                raise DataError(
                    f'{path}: {name!r} has the shape {field.values.shape}; '
                    f'expected (time, {grid[0]}, {grid[1]}) at '
                    f'{self.resolution} deg')
            values.append(field.values)
            times.append(field.times)
        times = np.concatenate(times)
        if times.size == 0:
            raise DataError(f'{self.folder}: no {name!r} values in the years '
                            f'{years[0]}-{years[1]}')
        order = np.argsort(times, kind='stable')
        if (np.diff(times[order]) == np.timedelta64(0, 's')).any():
            raise DataError(f'{self.folder}: some times appear in more than '
                            f'one *_{self.resolution}deg.nc file')
        return np.concatenate(values)[order[:-1:self.step]]

    def __len__(self) -> int:
        return self.length

    def frames(self, idx: int) -> Tuple[np.ndarray, np.ndarray]:
        last_in = idx + self.frames_in
        return (self.series[idx:last_in],
                self.series[last_in:last_in + self.frames_out])
