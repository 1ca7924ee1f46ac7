"""WeatherBench read from per-year NetCDF files written here in the
release's layout (``2m_temperature/2m_temperature_<year>_5.625deg.nc``,
``t2m`` (time, 32, 64), hourly ``time`` in "hours since 1979-01-01"), in
both formats the files come in: classic NetCDF and NetCDF-4 (HDF5). Both
writers' files were checked to open with xarray's ``open_mfdataset`` (the
release's reader) to the same values, outside CI."""
import sys

import numpy as np
import pytest
import torch

from mogaseg.datasets import WeatherBench
from mogaseg.datasets.video.netcdf import read_field
from mogaseg.errors import ConfigError, DataError
from mogaseg.registry import DATASETS

LAT = np.linspace(-87.1875, 87.1875, 32)
LON = np.arange(64) * 5.625
ORIGIN = np.datetime64('1979-01-01T00', 'h')
UNITS = 'hours since 1979-01-01'
# a few hours of each year keep the files small; each year a different
# number, so that a window can straddle two files
HOURS = {2015: 20, 2016: 21, 2017: 22, 2018: 23}


def hours_since_origin(year, count):
    start = np.datetime64(f'{year}-01-01T00', 'h')
    return (start - ORIGIN).astype(np.int64) + np.arange(count)


def write_classic(path, year, values, name='t2m', units=UNITS,
                  dtype='f4', attrs=None, calendar='proleptic_gregorian'):
    from scipy.io import netcdf_file
    with netcdf_file(str(path), 'w', version=2) as f:
        f.createDimension('time', len(values))
        f.createDimension('lat', values.shape[1])
        f.createDimension('lon', values.shape[2])
        time = f.createVariable('time', 'i4', ('time', ))
        time[:] = hours_since_origin(year, len(values))
        time.units = units
        time.calendar = calendar
        for dim in ('lat', 'lon'):
            axis = f.createVariable(dim, 'f8', (dim, ))
            axis[:] = (LAT if dim == 'lat' else LON)[:values.shape[
                1 if dim == 'lat' else 2]]
        var = f.createVariable(name, dtype, ('time', 'lat', 'lon'))
        var[:] = values
        var.units = 'K'
        for key, value in (attrs or {}).items():
            setattr(var, key, value)


def write_hdf5(path, year, values, name='t2m', units=UNITS):
    """NetCDF-4: HDF5 datasets with dimension scales, as netCDF-4 stores
    variables and their dimensions."""
    import h5py
    with h5py.File(str(path), 'w') as f:
        time = f.create_dataset('time',
                                data=hours_since_origin(year, len(values)))
        time.attrs['units'] = units
        time.attrs['calendar'] = 'proleptic_gregorian'
        scales = [time, f.create_dataset('lat', data=LAT),
                  f.create_dataset('lon', data=LON)]
        for scale, dim in zip(scales, ('time', 'lat', 'lon')):
            scale.make_scale(dim)
        var = f.create_dataset(name, data=values.astype(np.float32))
        var.attrs['units'] = 'K'
        for axis, scale in enumerate(scales):
            var.dims[axis].attach_scale(scale)


WRITERS = dict(classic=write_classic, hdf5=write_hdf5)


def t2m(year):
    rng = np.random.default_rng(year)
    return (280 + 12 * rng.standard_normal((HOURS[year], 32, 64))).astype(
        np.float32)


def file_path(root, year, resolution='5.625'):
    return (root / '2m_temperature' /
            f'2m_temperature_{year}_{resolution}deg.nc')


@pytest.fixture(params=['classic', 'hdf5'])
def weather_root(tmp_path, request):
    (tmp_path / '2m_temperature').mkdir()
    for year in HOURS:
        WRITERS[request.param](file_path(tmp_path, year), year, t2m(year))
    return tmp_path


def selected(years, step=1):
    """The split's frames as the release selects them: all hours of the
    years in time order, less the last, every ``step``-th."""
    frames = np.concatenate([t2m(year) for year in years])
    return frames[:-1:step].astype(np.float64)


def build(root, **kwargs):
    kwargs.setdefault('train_years', (2015, 2016))
    return DATASETS.build(dict(type='mogaseg.WeatherBench',
                               data_root=str(root), **kwargs))


def assert_windows(dataset, frames, frames_in, frames_out):
    assert len(dataset) == len(frames) - frames_in - frames_out
    for idx in (0, len(dataset) // 2, len(dataset) - 1):
        item = dataset[idx]
        assert item['sample_idx'] == idx
        assert item['inputs'].dtype == torch.float32
        assert item['inputs'].shape == (frames_in, 1, 32, 64)
        assert item['targets'].shape == (frames_out, 1, 32, 64)
        window = torch.from_numpy(
            frames[idx:idx + frames_in + frames_out, None]).float()
        torch.testing.assert_close(
            torch.cat([item['inputs'], item['targets']]), window,
            rtol=0, atol=2e-6)


def test_test_split_is_normalised_windows(weather_root):
    dataset = build(weather_root, split='test', frames_in=4, frames_out=3)
    assert isinstance(dataset, WeatherBench)
    frames = selected([2017, 2018])
    # each split normalised with its own years' statistics ...
    assert_windows(dataset, (frames - frames.mean()) / frames.std(), 4, 3)
    # ... while the metric gets the training years'
    train = selected([2015, 2016])
    assert dataset.metainfo['mean'] == pytest.approx(train.mean(), rel=1e-9)
    assert dataset.metainfo['std'] == pytest.approx(train.std(), rel=1e-9)
    assert isinstance(dataset.metainfo['mean'], float)


def test_default_windows_are_12_hours_in_12_out(weather_root):
    dataset = build(weather_root, test_mode=True)
    item = dataset[0]
    assert item['inputs'].shape == item['targets'].shape == (12, 1, 32, 64)
    assert len(dataset) == HOURS[2017] + HOURS[2018] - 1 - 24


def test_train_statistics_can_normalise_every_split(weather_root):
    dataset = build(weather_root, split='val', stats_from='train',
                    frames_in=2, frames_out=2)
    train = selected([2015, 2016])
    frames = selected([2016])  # the release's validation year
    assert_windows(dataset, (frames - train.mean()) / train.std(), 2, 2)


def test_step_strides_the_hours(weather_root):
    dataset = build(weather_root, split='train', years=(2015, 2016), step=2,
                    frames_in=3, frames_out=2)
    frames = selected([2015, 2016], step=2)
    assert_windows(dataset, (frames - frames.mean()) / frames.std(), 3, 2)
    assert dataset.metainfo['mean'] == pytest.approx(frames.mean())


def test_given_statistics_spare_the_training_files(weather_root):
    for year in (2015, 2016):
        file_path(weather_root, year).unlink()
    dataset = build(weather_root, split='test', mean=281.5, std=10.5,
                    stats_from='train', frames_in=2, frames_out=2)
    assert dataset.metainfo == dict(mean=281.5, std=10.5)
    frames = selected([2017, 2018])
    assert_windows(dataset, (frames - 281.5) / 10.5, 2, 2)
    with pytest.raises(DataError, match="no 't2m' values in the years "
                       '2015-2016'):
        build(weather_root, split='test')


def test_bad_settings_are_config_errors(weather_root):
    with pytest.raises(ConfigError, match='variable must be one of'):
        build(weather_root, variable='sst')
    with pytest.raises(ConfigError, match='both mean and std'):
        build(weather_root, mean=1.0)
    with pytest.raises(ConfigError, match='contradicts'):
        build(weather_root, split='train', test_mode=True)


def _write_garbage(root):
    file_path(root, 2017).write_bytes(b'GRIB' + bytes(100))


def _write_other_variable(root):
    write_classic(file_path(root, 2017), 2017, t2m(2017), name='tp')


def _write_other_grid(root):
    write_classic(file_path(root, 2017), 2017, t2m(2017)[:, :16, :32])


def _write_bad_units(root):
    write_classic(file_path(root, 2017), 2017, t2m(2017),
                  units='fortnights since 1979-01-01')


def _write_noleap(root):
    write_classic(file_path(root, 2017), 2017, t2m(2017), calendar='noleap')


def _truncate(root):
    path = file_path(root, 2017)
    write_classic(path, 2017, t2m(2017))
    path.write_bytes(path.read_bytes()[:30_000])


@pytest.mark.parametrize('write, expected', [
    (_write_garbage, "not a NetCDF file (it starts with b'GRIB')"),
    (_write_other_variable, "has the variables ['lat', 'lon', 'time', 'tp']"),
    (_write_other_grid, "'t2m' has the shape (22, 16, 32); expected "
     '(time, 32, 64) at 5.625 deg'),
    (_write_bad_units, "time units 'fortnights since 1979-01-01'"),
    (_write_noleap, "on the Gregorian calendar"),
    (_truncate, 'unreadable'),
], ids=['not_netcdf', 'variable', 'grid', 'units', 'calendar', 'truncated'])
def test_bad_file_names_it(tmp_path, write, expected):
    (tmp_path / '2m_temperature').mkdir()
    for year in (2015, 2016, 2018):
        write_classic(file_path(tmp_path, year), year, t2m(year))
    write(tmp_path)
    with pytest.raises(DataError) as err:
        build(tmp_path, split='test')
    message = str(err.value)
    assert message.startswith(str(file_path(tmp_path, 2017)) + ': ')
    assert expected in message and '\n' not in message


def test_missing_files_name_the_pattern(tmp_path):
    with pytest.raises(DataError) as err:
        build(tmp_path, resolution='2_8125')
    assert str(err.value).startswith(
        str(tmp_path / '2m_temperature' / '*_2.8125deg.nc') + ': no files')


def test_too_few_hours_for_a_window(weather_root):
    with pytest.raises(DataError, match='too few for one window of 30 \\+ '
                       '20 frames'):
        build(weather_root, split='test', frames_in=30, frames_out=20)


def test_packed_values_are_decoded(tmp_path):
    # CF packing: stored int16 * scale_factor + add_offset, fill -> NaN
    packed = np.arange(3 * 2 * 2, dtype=np.int16).reshape(3, 2, 2)
    packed[1, 0, 0] = -32767
    path = tmp_path / 'packed.nc'
    write_classic(path, 2017, packed, dtype='i2',
                  attrs=dict(scale_factor=0.5, add_offset=200.0,
                             _FillValue=np.int16(-32767)))
    field = read_field(str(path), 't2m')
    expected = packed * 0.5 + 200
    expected[1, 0, 0] = np.nan
    np.testing.assert_array_equal(field.values, expected.astype(np.float32))
    assert field.times[0] == np.datetime64('2017-01-01T00:00:00')
    assert field.times[2] - field.times[1] == np.timedelta64(3600, 's')


@pytest.mark.parametrize('package', ['h5netcdf', 'h5py', 'xarray'])
def test_a_missing_reader_says_what_to_install(tmp_path, monkeypatch,
                                               package):
    path = tmp_path / 'x.nc'
    write_hdf5(path, 2017, t2m(2017)[:2])
    monkeypatch.setitem(sys.modules, package, None)  # import fails
    with pytest.raises(ConfigError, match='pip install xarray h5netcdf h5py'):
        read_field(str(path), 't2m')
