# SimVP with a MogaNet translator on Moving MNIST: the release's 200-epoch
# row (46.8M params, 16.5G FLOPs; MSE 25.57, MAE 75.19, SSIM 0.9429,
# PSNR 22.99). One GPU, 16 sequences per batch.
_base_ = [
    '../_base_/models/simvp_moganet.py',
    '../_base_/datasets/moving_mnist.py',
    '../_base_/schedules/video_adam_onecycle_200e.py',
    '../_base_/video_runtime.py',
]
