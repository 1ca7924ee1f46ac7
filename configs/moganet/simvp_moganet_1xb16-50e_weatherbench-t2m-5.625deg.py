# SimVP with a MogaNet translator on WeatherBench 2 m temperature at 5.625
# deg (12 -> 12 hours of a 32 x 64 grid): the release's row (12.76M params,
# 7.01G FLOPs; MSE 1.152, MAE 0.6665, RMSE 1.073 in Kelvin): hid_S 32,
# hid_T 256, N_S 2, N_T 8, drop path 0.2, lr 5e-3 without warm-up.
_base_ = [
    '../_base_/models/simvp_moganet.py',
    '../_base_/datasets/weatherbench_t2m_5.625deg.py',
    '../_base_/schedules/video_adam_cosine_50e.py',
    '../_base_/video_runtime.py',
]

model = dict(
    in_shape=(12, 1, 32, 64),
    spatial_channels=32,
    translator_channels=256,
    num_spatial_layers=2,
    drop_path_rate=0.2)
optim_wrapper = dict(optimizer=dict(lr=5e-3))
param_scheduler = [
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-6,
        by_epoch=True,
        begin=0,
        end={{_base_.max_epochs}}),
]
