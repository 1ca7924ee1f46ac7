"""One variable and its time axis from a NetCDF file, read with xarray
(CF-decoded: ``scale_factor`` and ``add_offset`` applied, fill values made
NaN, times as datetime64): classic NetCDF through SciPy, NetCDF-4 (an HDF5
file, WeatherBench's format) through h5netcdf.

What this module adds is the errors: a file that is not NetCDF, lacks the
variable or its time axis, or does not decode, is one line naming it.
"""
from typing import Callable, NamedTuple, Optional

import numpy as np

from mogaseg.errors import ConfigError, DataError

_CLASSIC_MAGICS = (b'CDF\x01', b'CDF\x02')
_HDF5_MAGIC = b'\x89HDF\r\n\x1a\n'
_INSTALL = 'pip install xarray h5netcdf h5py'


class Field(NamedTuple):
    """A variable over time: ``values`` (time, ...) float32 and ``times``
    datetime64[s]."""
    values: np.ndarray
    times: np.ndarray


def _engine(path: str, expected: str) -> str:
    """xarray's backend for the file, from its first bytes."""
    with open(path, 'rb') as f:
        magic = f.read(8)
    if magic[:4] in _CLASSIC_MAGICS:
        return 'scipy'
    if magic == _HDF5_MAGIC:
        try:
            import h5netcdf  # noqa: F401
            import h5py  # noqa: F401  (h5netcdf's HDF5 reader, optional)
        except ImportError:
            raise ConfigError(f'{path} is a NetCDF-4 (HDF5) file, which '
                              f'needs the h5netcdf and h5py packages: '
                              f'{_INSTALL}') from None
        return 'h5netcdf'
    raise DataError(f'{path}: not a NetCDF file (it starts with '
                    f'{magic[:4]!r}); {expected}')


def read_field(path: str, variable: str,
               time_range: Optional[Callable] = None) -> Field:
    """``variable`` of a NetCDF file, over the times ``time_range`` keeps.

    Args:
        path (str): A classic NetCDF or NetCDF-4 file.
        variable (str): Name of the variable, whose first dimension is
            ``time``.
        time_range (callable, optional): Maps the file's datetime64 times
            to a boolean mask of those to read. Defaults to all.

    Raises:
        DataError: The file is not NetCDF, lacks ``variable`` or ``time``,
            or its times or values do not decode.
        ConfigError: xarray (or, for NetCDF-4, h5netcdf or h5py) is missing.
    """
    try:
        import xarray
    except ImportError:
        raise ConfigError(f'reading {path} (NetCDF) needs the xarray '
                          f'package: {_INSTALL}') from None
    expected = (f'expected a NetCDF file with a variable {variable!r} '
                "(time, lat, lon) and a 'time' variable on the Gregorian "
                "calendar ('<unit> since <date>' units)")
    engine = _engine(path, expected)
    try:
        # lazily: only the kept times are read
        with xarray.open_dataset(path, engine=engine) as dataset:
            if variable not in dataset or 'time' not in dataset:
                names = sorted(map(str, dataset.variables))
                raise DataError(
                    f'{path}: has the variables {names}; {expected}')
            times = dataset['time'].values
            if not np.issubdtype(times.dtype, np.datetime64):
                raise DataError(f"{path}: its 'time' values do not decode "
                                'as dates (units '
                                f"{dataset['time'].attrs.get('units')!r}, "
                                'calendar '
                                f"{dataset['time'].attrs.get('calendar')!r})"
                                f'; {expected}')
            times = times.astype('datetime64[s]')
            keep = (time_range or (lambda t: np.ones(len(t), bool)))(times)
            values = dataset[variable].isel(time=np.flatnonzero(keep))
            return Field(values=values.values.astype(np.float32),
                         times=times[keep])
    except (ConfigError, DataError):
        raise
    except Exception as err:  # noqa: BLE001 -- a file xarray cannot read
        message = str(err).split('\n')[0]
        raise DataError(f'{path}: unreadable ({type(err).__name__}: '
                        f'{message}); {expected}') from None
