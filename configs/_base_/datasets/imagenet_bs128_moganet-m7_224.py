# The MogaNet-XTiny/Tiny recipe: as imagenet_bs128_moganet_224.py with a
# milder RandAugment (magnitude 7 instead of 9).
_base_ = ['./imagenet_bs128_moganet_224.py']

train_pipeline = _base_.train_pipeline
train_pipeline[3].magnitude_level = 7  # RandAugment
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
