# ImageNet-21K (the full release, 21,841 classes) read by mmpretrain's
# ImageNet21k dataset in its layout:
#   data/imagenet21k/train/<wnid>/*.JPEG
#   data/imagenet21k/meta/train.txt   (lines "<wnid>/<file> <label>")
# Without meta/train.txt the class folders are scanned, which takes long at
# this size. The augmentation is imagenet_bs128_moganet_224.py's (RandAugment
# m9, random erasing 0.25).
#
# ImageNet-21K has no validation split (ImageNet21k accepts split='train'
# only), so there is no validation during training. tools/test.py reads
# meta/val.txt, a held-out list of train/ images that you write (same format,
# those images left out of train.txt); it is not part of the release.
# The winter-21 release has 19,167 classes: set num_classes (here and in the
# head) to the classes your train.txt uses.
_base_ = ['./imagenet_bs128_moganet_224.py']

dataset_type = 'ImageNet21k'
data_root = 'data/imagenet21k'
data_preprocessor = dict(num_classes=21841)

train_dataloader = dict(
    dataset=dict(type=dataset_type, data_root=data_root, split='train'))
val_dataloader = None
val_evaluator = None
test_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='',
        data_prefix='train',
        ann_file='meta/val.txt'))
