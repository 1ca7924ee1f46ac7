# SimVP with a MogaNet translator on TaxiBJ (4 -> 4 frames of 2 x 32 x 32
# flows): the release's row (9.96M params, 2.61G FLOPs; MSE 0.3114, MAE
# 15.06, SSIM 0.9847, PSNR 39.70): hid_S 32, hid_T 256, N_S 2, N_T 8, drop
# path 0.1.
_base_ = [
    '../_base_/models/simvp_moganet.py',
    '../_base_/datasets/taxibj.py',
    '../_base_/schedules/video_adam_cosine_50e.py',
    '../_base_/video_runtime.py',
]

model = dict(
    in_shape=(4, 2, 32, 32),
    spatial_channels=32,
    translator_channels=256,
    num_spatial_layers=2,
    drop_path_rate=0.1)
