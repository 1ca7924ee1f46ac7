# The release's 2000-epoch Moving MNIST row (MSE 15.67, MAE 51.84, SSIM
# 0.9661, PSNR 25.70): the 200-epoch recipe, ten times longer (the one-cycle
# policy and Adam's beta1 cycle stretched with it).
_base_ = ['./simvp_moganet_1xb16-200e_mmnist.py']

max_epochs = 2000
train_cfg = dict(max_epochs=max_epochs)
_one_cycle = dict(by_epoch=True, convert_to_iter_based=True)
param_scheduler = [
    dict(type='OneCycleLR', eta_max=1e-3, pct_start=0.3, div_factor=25.,
         final_div_factor=1e4, begin=0, end=max_epochs, **_one_cycle),
    dict(type='CosineAnnealingMomentum', eta_min=0.85, begin=0,
         end=0.3 * max_epochs, **_one_cycle),
    dict(type='CosineAnnealingMomentum', eta_min=0.95,
         begin=0.3 * max_epochs, end=max_epochs, **_one_cycle),
]
