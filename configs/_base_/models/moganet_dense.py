# The MogaNet backbones of the detection and segmentation configs, by arch:
# ``backbone``, the arch with the release's ImageNet-1k weights (which load
# as they are: same key names), and ``widths``, its four outputs' channels
# (embed_dims), the in_channels of necks and heads.
#
# ``moganet_dense`` is no key of the configs that use it: a config lists this
# file last among its bases and takes its arch out of what it inherits,
#     __moganet = _base_.pop('moganet_dense')['tiny']
# (a name with two leading underscores is no config key either), then sets
# the stochastic depth of its recipe with the backbone.
__url = ('https://github.com/Westlake-AI/MogaNet/releases/download/'
         'moganet-in1k-weights/')
__sizes = [
    # arch, released weights, output widths
    ('xtiny', 'moganet_xtiny_sz224_8xbs128_ep300', [32, 64, 96, 192]),
    ('tiny', 'moganet_tiny_sz224_8xbs128_ep300', [32, 64, 128, 256]),
    ('small', 'moganet_small_sz224_8xbs128_ep300', [64, 128, 320, 512]),
    ('base', 'moganet_base_sz224_8xbs128_ep300', [64, 160, 320, 512]),
    ('large', 'moganet_large_sz224_8xbs64_ep300', [64, 160, 320, 640]),
]

moganet_dense = {
    arch: dict(
        backbone=dict(
            arch=arch,
            init_cfg=dict(
                type='Pretrained', checkpoint=f'{__url}{weights}.pth.tar')),
        widths=widths)
    for arch, weights, widths in __sizes
}
