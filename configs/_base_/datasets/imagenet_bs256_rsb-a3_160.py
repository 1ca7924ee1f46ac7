# ImageNet-1k with the ResNet Strikes Back A3 augmentation, as openmixup's
# rsb_a3_sz160_8xbs256.py: 160 px random resized crops (bicubic), flip and
# RandAugment (m6, mstd 0.5, increasing); no random erasing. Evaluation at
# 224: the short side resized to 236 (crop_pct 0.95), centre crop 224.
_base_ = ['./imagenet_bs128_moganet_224.py']

train_pipeline = _base_.train_pipeline
train_pipeline[1].scale = 160  # RandomResizedCrop
train_pipeline[3].magnitude_level = 6  # RandAugment
del train_pipeline[4]  # RandomErasing
test_pipeline = _base_.test_pipeline
test_pipeline[1].scale = 236  # ResizeEdge
train_dataloader = dict(batch_size=256, dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
