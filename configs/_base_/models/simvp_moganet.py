# SimVP with MogaNet blocks as its translator, the published Moving MNIST
# model (hid_S 64, hid_T 512, N_S 4, N_T 8, FFN ratio 8): 46.8M params.
model = dict(
    type='mogaseg.SimVP',
    in_shape=(10, 1, 64, 64),
    spatial_channels=64,
    translator_channels=512,
    num_spatial_layers=4,
    num_translator_blocks=8,
    translator=dict(type='mogaseg.MogaBlock', ffn_ratio=8.),
    drop_path_rate=0.,
    data_preprocessor=dict(type='BaseDataPreprocessor'),
)
