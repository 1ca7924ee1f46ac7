# SimVP with a MogaNet translator on Moving Fashion-MNIST: the release's
# 200-epoch row (MSE 25.14, MAE 99.69, SSIM 0.8960, PSNR 22.73).
_base_ = [
    '../_base_/models/simvp_moganet.py',
    '../_base_/datasets/moving_fmnist.py',
    '../_base_/schedules/video_adam_onecycle_200e.py',
    '../_base_/video_runtime.py',
]
