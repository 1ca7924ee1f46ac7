# SimVP with a VAN translator on Moving MNIST: the release's 200-epoch row
# (44.5M params, 16.0G FLOPs; MSE 26.10, MAE 76.11, SSIM 0.9417, PSNR
# 22.89). The MogaNet row's config with the translator's block swapped.
_base_ = ['../moganet/simvp_moganet_1xb16-200e_mmnist.py']

model = dict(translator=dict(type='mogaseg.VANBlock', ffn_ratio=8.))
