# WeatherBench 2 m temperature at 5.625 deg (32x64 grid), 12 hours in, the
# next 12 out, from the release's NetCDF files:
#   data/weather_5.625deg/2m_temperature/2m_temperature_<year>_5.625deg.nc
# Train 2010-2015, validation 2016, test 2017-2018; normalised with the
# training years' mean and std (the metric reports Kelvin).
dataset_type = 'mogaseg.WeatherBench'
data_root = 'data/weather_5.625deg'

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        variable='t2m',
        resolution='5.625',
        split='train'),
)
val_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    collate_fn=dict(type='default_collate'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        variable='t2m',
        resolution='5.625',
        split='val'),
)
test_dataloader = dict(
    val_dataloader,
    dataset=dict(val_dataloader['dataset'], split='test'))
val_evaluator = dict(
    type='mogaseg.VideoPredictionMetric', metric=('mse', 'mae', 'rmse'))
test_evaluator = val_evaluator
