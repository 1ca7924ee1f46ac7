# WeatherBench 2 m temperature at 5.625 deg (32x64 grid), 12 hours in, the
# next 12 out, from the release's NetCDF files:
#   data/weather_5.625deg/2m_temperature/2m_temperature_<year>_5.625deg.nc
# Train 2010-2015, validation 2016, test 2017-2018; normalised with the
# training years' mean and std (the metric reports Kelvin).
_base_ = ['./video_loaders.py']

dataset_type = 'mogaseg.WeatherBench'
data_root = 'data/weather_5.625deg'
train_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        variable='t2m',
        resolution='5.625'))
val_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        variable='t2m',
        resolution='5.625',
        split='val'))
test_dataloader = dict(dataset=dict(val_dataloader['dataset'], split='test'))
val_evaluator = dict(metric=('mse', 'mae', 'rmse'))
test_evaluator = val_evaluator
