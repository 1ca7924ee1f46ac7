"""Reading one variable and its time axis from a NetCDF file, without
xarray: classic NetCDF (versions 1 and 2) through SciPy, NetCDF-4 (an HDF5
file) through h5py, which only those files need.

Values are CF-decoded: ``scale_factor`` and ``add_offset`` applied, fill
values made NaN; times decoded from ``"<unit> since <date>"`` units (the
Gregorian calendar, which ``standard`` and ``proleptic_gregorian`` agree on
after 1582).
"""
import re
from typing import Callable, NamedTuple, Optional

import numpy as np

from mogaseg.errors import ConfigError, DataError

_CLASSIC_MAGICS = (b'CDF\x01', b'CDF\x02')
_HDF5_MAGIC = b'\x89HDF\r\n\x1a\n'
_SECONDS = {
    'days': 86400, 'day': 86400, 'd': 86400,
    'hours': 3600, 'hour': 3600, 'hrs': 3600, 'hr': 3600, 'h': 3600,
    'minutes': 60, 'minute': 60, 'mins': 60, 'min': 60,
    'seconds': 1, 'second': 1, 'secs': 1, 'sec': 1, 's': 1,
}
_UNITS = re.compile(
    r'^\s*(\w+)\s+since\s+(\d{1,4})-(\d{1,2})-(\d{1,2})'
    r'(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d*)?)?)?'
    r'\s*(?:Z|UTC|GMT|[+-]0+(?::?0+)?)?\s*$')
_CALENDARS = ('', 'standard', 'gregorian', 'proleptic_gregorian')


class Field(NamedTuple):
    """A variable over time: ``values`` (time, ...) float32 and ``times``
    datetime64[s]."""
    values: np.ndarray
    times: np.ndarray


def _text(value) -> str:
    if isinstance(value, np.ndarray):
        value = value.item() if value.size == 1 else value.tobytes()
    if isinstance(value, bytes):
        value = value.decode('utf-8', 'replace')
    return str(value)


def decode_times(values: np.ndarray, units: str, path: str,
                 calendar: str = '') -> np.ndarray:
    """CF time values with ``units`` like ``"hours since 1979-01-01"`` as
    datetime64[s]."""
    if calendar.lower() not in _CALENDARS:
        raise DataError(f'{path}: time calendar {calendar!r}; only the '
                        'Gregorian (standard) calendar is read')
    match = _UNITS.match(units)
    if match is None or match.group(1).lower() not in _SECONDS:
        raise DataError(f'{path}: time units {units!r} are not '
                        '"<days|hours|minutes|seconds> since <date>"')
    year, month, day = (int(g) for g in match.group(2, 3, 4))
    hour, minute, second = (int(g or 0) for g in match.group(5, 6, 7))
    origin = np.datetime64(
        f'{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:'
        f'{second:02d}', 's')
    seconds = np.asarray(values, np.float64) * _SECONDS[
        match.group(1).lower()]
    return origin + np.round(seconds).astype('timedelta64[s]')


def _first(value) -> np.generic:
    return np.asarray(value).reshape(-1)[0]


def _decode_values(raw: np.ndarray, attrs: dict) -> np.ndarray:
    """float32 values with fill values as NaN, then scaled and offset."""
    missing = np.zeros(raw.shape, bool)
    for key in ('_FillValue', 'missing_value'):
        if key in attrs:
            fill = _first(attrs[key])
            missing |= np.isnan(raw) if np.isnan(np.float64(fill)) \
                else raw == fill
    values = raw.astype(np.float32)
    if 'scale_factor' in attrs:
        values *= np.float32(_first(attrs['scale_factor']))
    if 'add_offset' in attrs:
        values += np.float32(_first(attrs['add_offset']))
    values[missing] = np.nan
    return values


def _rows(data, keep: np.ndarray) -> np.ndarray:
    """The rows of ``data`` (an array or an HDF5 dataset) where ``keep``:
    one contiguous read from the first to the last kept, then a mask."""
    if len(data) != len(keep):
        raise DataError(f'{len(data)} values along time but {len(keep)} '
                        'times')
    kept = np.flatnonzero(keep)
    if kept.size == 0:
        return np.empty((0, ) + tuple(data.shape[1:]), data.dtype)
    block = np.array(data[kept[0]:kept[-1] + 1])
    return block[keep[kept[0]:kept[-1] + 1]]


def _read_classic(path: str, variable: str, time_range) -> tuple:
    from scipy.io import netcdf_file

    # memory-mapped, so that only the kept times are read
    with netcdf_file(path, 'r', mmap=True, maskandscale=False) as f:
        if variable not in f.variables or 'time' not in f.variables:
            return None, sorted(f.variables)
        time, var = f.variables['time'], f.variables[variable]
        attrs = time._attributes
        times = decode_times(np.array(time.data),
                             _text(attrs.get('units', '')), path,
                             _text(attrs.get('calendar', '')))
        keep = time_range(times)
        found = (times[keep], _rows(var.data, keep), dict(var._attributes))
        del time, var  # no array may hold on to the map when it closes
    return found, None


def _read_hdf5(path: str, variable: str, time_range) -> tuple:
    try:
        import h5py
    except ImportError:
        raise ConfigError(
            f'{path} is a NetCDF-4 (HDF5) file, which needs the h5py '
            'package: pip install h5py') from None
    with h5py.File(path, 'r') as f:
        if variable not in f or 'time' not in f:
            return None, sorted(f.keys())
        time, var = f['time'], f[variable]
        times = decode_times(time[()], _text(time.attrs.get('units', '')),
                             path, _text(time.attrs.get('calendar', '')))
        keep = time_range(times)
        return (times[keep], _rows(var, keep), dict(var.attrs)), None


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
        DataError: The file is not NetCDF, or lacks ``variable`` or
            ``time``, or their lengths disagree.
    """
    time_range = time_range or (lambda times: np.ones(len(times), bool))
    with open(path, 'rb') as f:
        magic = f.read(8)
    expected = (f'expected a NetCDF file with a variable {variable!r} '
                "(time, lat, lon) and a 'time' variable")
    try:
        if magic[:4] in _CLASSIC_MAGICS:
            found, names = _read_classic(path, variable, time_range)
        elif magic == _HDF5_MAGIC:
            found, names = _read_hdf5(path, variable, time_range)
        else:
            raise DataError(f'{path}: not a NetCDF file (it starts with '
                            f'{magic[:4]!r}); {expected}')
    except ConfigError:
        raise
    except DataError as err:
        message = str(err)
        if not message.startswith(path):
            message = f'{path}: {message}; {expected}'
        raise DataError(message) from None
    except (OSError, ValueError, TypeError, KeyError, IndexError) as err:
        # a truncated or corrupt file
        raise DataError(f'{path}: unreadable ({type(err).__name__}: '
                        f'{err}); {expected}') from None
    if found is None:
        raise DataError(f'{path}: has the variables {names}; {expected}')
    times, raw, attrs = found
    return Field(values=_decode_values(raw, attrs), times=times)
