# The MOAT backbones of the detection and segmentation configs, in one
# place: the tiny-MOAT-0 backbone of the task configs (configs/moat/*_tiny-
# moat-0_*), the weight decay it is trained with, and the other sizes.
#
# ``moat_dense`` is no key of the configs that use it: a config lists this
# file last among its bases and takes the table out of what it inherits,
#     __moat = _base_.pop('moat_dense')
# (a name with two leading underscores is no config key either), then uses
#   __moat.backbone       the tiny-MOAT-0 backbone for dense inputs as in
#                         the paper: shortcut pooling 3x3 and GELU on the
#                         four outputs, as the release's dense models; the
#                         task config adds its attention windows;
#   __moat.paramwise_cfg  no weight decay on norms (MOAT's are named
#                         pre_norm/attn_norm and 'bn' in ConvModules, so by
#                         type) and on the relative position tables (by name);
#   __moat.variants[arch] the other sizes: ``model``, their backbone (arch,
#                         stochastic depth as in their ImageNet recipe, the
#                         released weights) and, for the ImageNet-22K (+1K
#                         fine-tuned) weights, the input normalization those
#                         expect (mean = std = 127.5); ``widths``, the four
#                         outputs' channels, the in_channels of necks and
#                         heads.
__url = 'https://storage.googleapis.com/gresearch/tf-deeplab/checkpoint/'
__in22k_normalization = dict(mean=[127.5] * 3, std=[127.5] * 3)
__sizes = [
    # arch, stochastic depth, released weights, output widths
    ('tiny-moat-1', 0.0, 'tiny_moat1_imagenet_1k_256', [40, 80, 160, 320]),
    ('tiny-moat-2', 0.0, 'tiny_moat2_imagenet_1k_256', [56, 112, 224, 448]),
    ('tiny-moat-3', 0.0, 'tiny_moat3_imagenet_1k_256', [80, 160, 320, 640]),
    ('moat-0', 0.2, 'moat0_imagenet_1k_224', [96, 192, 384, 768]),
    ('moat-1', 0.3, 'moat1_imagenet_1k_224', [96, 192, 384, 768]),
    ('moat-2', 0.3, 'moat2_imagenet_22k_and_1k_384', [128, 256, 512, 1024]),
    ('moat-3', 0.6, 'moat3_imagenet_22k_and_1k_512', [160, 320, 640, 1280]),
    ('moat-4', 0.7, 'moat4_imagenet_22k_and_1k_512', [256, 512, 1024, 2048]),
]

moat_dense = dict(
    backbone=dict(
        type='mogaseg.MOAT',
        arch='tiny-moat-0',
        init_cfg=dict(
            type='Pretrained',
            checkpoint=__url +
            'tiny_moat0_imagenet_1k_256_w_position_embedding.tar.gz',
            prefix='backbone.'),
        drop_path_rate=0.,
        pool_size=3,
        out_act_cfg=dict(type='GELU')),
    paramwise_cfg=dict(
        norm_decay_mult=0., custom_keys={'.rel_pos.table': dict(decay_mult=0.)}),
    variants={
        arch: dict(
            model=dict(
                data_preprocessor=(
                    __in22k_normalization if '_22k_' in weights else dict()),
                backbone=dict(
                    arch=arch,
                    drop_path_rate=drop_path_rate,
                    init_cfg=dict(
                        checkpoint=f'{__url}{weights}'
                        '_w_position_embedding.tar.gz'))),
            widths=widths)
        for arch, drop_path_rate, weights, widths in __sizes
    },
)
