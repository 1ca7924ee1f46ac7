# The MogaNet-XTiny/Tiny recipe at 256 px (the release's sz256 models): as
# imagenet_bs128_moganet_256.py (256 px crops; evaluation resizes the short
# side to 284, 256 / 0.9, crop_pct 0.9, and centre-crops 256) with the
# milder RandAugment of imagenet_bs128_moganet-m7_224.py (magnitude 7).
_base_ = ['./imagenet_bs128_moganet_256.py']

train_pipeline = _base_.train_pipeline
train_pipeline[3].magnitude_level = 7  # RandAugment
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
