"""Make test fixtures for converting deeplab2's MOAT TensorFlow checkpoints.

Writes into ``tests/data/moat_tf/`` (or ``--out``):

* ``<case>.index`` / ``<case>.data-00000-of-00001``: a name-based ("TF1")
  checkpoint of a tiny randomly initialised deeplab2 MOAT, keyed like the
  released MOAT checkpoints (what deeplab2's
  ``moat._load_moat_pretrained_checkpoint`` looks up): the Keras variable name
  without ``:0``, stem variables under ``moat/stem/``, e.g.
  ``moat/stem/conv_0/kernel``, ``moat/block_02_00/attention/q/weight``.
  Case ``cls_pe_global`` also holds ``<name>/ExponentialMovingAverage``
  copies (other values) of the trainable variables and an int64
  ``global_step``.
* ``<case>.npz``: ``input`` (N, H, W, 3) NHWC float32, deeplab2's outputs
  for it in inference mode (``training=False``): ``stage1`` ... ``stage5``
  (NHWC, the raw endpoints; deeplab2's ``resK`` endpoints are
  ``gelu(stageK)``, exact erf GELU), and for the classifier case ``logits``
  (raw weights) and ``logits_ema`` (EMA weights, raw BN statistics).
* ``fixture.json``: each case's deeplab2 MOAT config and arrays.
* ``plain*.index`` / ``plain*.data-*`` and ``plain.json``:
  checkpoints of a few float32 / int64 variables with known values, for a
  reader of the tensor-bundle format (see ``write_plain``).

Every weight, BN statistic, LN parameter and position table is drawn at
random (fixed seeds), so a converter that drops or transposes any of them
fails the comparison.

Run with TensorFlow 2.x plus ``tf_keras`` (deeplab2 needs Keras 2), on CPU::

    python3 -m venv /tmp/tfvenv
    /tmp/tfvenv/bin/pip install tensorflow-cpu tf_keras pyyaml
    TF_USE_LEGACY_KERAS=1 /tmp/tfvenv/bin/python \
        tests/helpers/make_moat_fixture.py \
        --deeplab2 /tmp/deeplab2_src

``--deeplab2`` is the directory that holds the ``deeplab2`` package (a copy
of github.com/google-research/deeplab2; only ``model/pixel_encoder/moat.py``,
``model/layers/moat_{blocks,attention}.py`` and ``utils/hparam_configs.py``
are imported). Takes about ten seconds; the output is about 1.5 MB.
"""
import argparse
import json
import os
import os.path as osp
import sys

os.environ.setdefault('TF_USE_LEGACY_KERAS', '1')
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

_TINY = dict(
    stem_size=[8, 8],
    block_type=['mbconv', 'mbconv', 'moat', 'moat'],
    # stage 0: stride-2 MBConv without shortcut conv (8 -> 8 channels, as in
    # tiny-MOAT), stage 1: with one; second blocks: stride 1, identity.
    num_blocks=[2, 2, 2, 1],
    hidden_size=[8, 16, 24, 32],
    head_size=8,  # 3 and 4 heads
    position_embedding_size=[None, None, 3, 3],
)
# name: (input shape NHWC, deeplab2 MOAT config). Non-square inputs; the maps
# are 32x40, 16x20, 8x10, 4x5, 2x3 for 64x80 (stride-2 layers see even and odd
# sizes, where TF's SAME padding is asymmetric and symmetric respectively)
# and 32x48, 16x24, 8x12, 4x6, 2x3 for 64x96 (windows split both axes).
CASES = {
    # The classifiers' setting: global attention, 2x2 shortcut pooling, the
    # position tables resized 5x5 -> 7x9 (4x5 map) and 5x5 -> 3x5 (2x3).
    'cls_pe_global': ((2, 64, 80, 3), dict(
        _TINY, window_size=None, pool_size=2,
        relative_position_embedding_type='2d_multi_head',
        build_classification_head_with_class_num=10)),
    # Dense setting without position embedding: 3x3 shortcut pooling, 2x3
    # windows in stage 2 except for its last block, which (like stage 3's
    # only block) is global (global_attention_at_end_of_moat_stage).
    'dense_nope_window': ((2, 64, 96, 3), dict(
        _TINY, window_size=[None, None, [2, 3], [1, 3]], pool_size=3,
        relative_position_embedding_type=None,
        global_attention_at_end_of_moat_stage=True)),
    # Windows with position embedding, all blocks windowed: tables resized
    # 5x5 -> 3x5 (2x3 windows) and 5x5 -> 1x5 (1x3 windows).
    'dense_pe_window': ((2, 64, 96, 3), dict(
        _TINY, window_size=[None, None, [2, 3], [1, 3]], pool_size=3,
        relative_position_embedding_type='2d_multi_head')),
    # The classifiers at their own resolution: tables the size of the maps
    # (4x4 and 2x2 for 64x64), so nothing is resized.
    'cls_pe_native': ((1, 64, 64, 3), dict(
        _TINY, position_embedding_size=[None, None, 4, 2],
        window_size=None, pool_size=2,
        relative_position_embedding_type='2d_multi_head',
        build_classification_head_with_class_num=10)),
}
EMA_SUFFIX = '/ExponentialMovingAverage'
STEM_SCOPE = 'moat/stem/'  # deeplab2 moat.py _STEM_LAYER_NAME_SCOPE


def checkpoint_name(variable):
    """Released-checkpoint key of a deeplab2 MOAT variable."""
    name = variable.name[:-2] if variable.name.endswith(':0') else \
        variable.name
    # In a graph (as here, and in the TF1 training of the released
    # checkpoints) the stem's variables are under 'moat/stem/'; eager Keras
    # names them without the scope ('conv_0/kernel').
    return name if name.startswith('moat/') else STEM_SCOPE + name


def random_value(variable, rng):
    """A random value of a sensible scale for each kind of variable."""
    name, shape = variable.name, variable.shape.as_list()
    if 'moving_mean' in name:
        return rng.normal(0, .2, shape)
    if 'moving_variance' in name:
        return rng.uniform(.5, 2., shape)
    if 'gamma' in name:
        return rng.uniform(.5, 1.5, shape)
    if 'beta' in name or name.endswith('bias:0'):
        return rng.normal(0, .1, shape)
    if 'relative_position_embedding' in name:
        return rng.normal(0, 1., shape)
    if 'depthwise_kernel' in name:
        fan_in = shape[0] * shape[1]
    elif '/o/weight' in name:  # [heads, head_size, channels]
        fan_in = shape[0] * shape[1]
    elif '/weight' in name:  # q/k/v: [channels, heads, head_size]
        fan_in = shape[0]
    else:  # conv kernel [kh, kw, in, out]
        fan_in = int(np.prod(shape[:-1]))
    return rng.normal(0, fan_in**-.5, shape)


def save_by_name(prefix, tensors):
    """Write ``{name: array}`` as a name-based checkpoint (no object graph),
    the layout of TF1 ``Saver`` checkpoints such as the released MOATs."""
    names = sorted(tensors)
    tf.raw_ops.SaveV2(
        prefix=prefix, tensor_names=names, shape_and_slices=[''] * len(names),
        tensors=[tf.constant(tensors[n]) for n in names])


def make_case(modules, name, input_shape, config, seed, out_dir):
    """Build the model in a TF1-style graph, give every variable a random
    value, run it, and save the values and the outputs.

    A graph, not eager mode: deeplab2's Attention.build() reindexes the
    relative position table once, and in eager mode that freezes the
    table's initial value (a later assign, e.g. deeplab2's own checkpoint
    loading, changes nothing). In a graph the reindexing reads the variable
    at every run, as in the TF1 training of the released checkpoints.
    """
    rng = np.random.default_rng(seed)
    images = rng.normal(0, 1, input_shape).astype(np.float32)
    num_classes = config.get('build_classification_head_with_class_num')
    moat_lib, moat_attention = modules  # deeplab2's
    # deeplab2 caches lookup constants globally; they belong to a graph
    moat_attention.LOOKUP_TENSOR_CACHE.clear()
    with tf.Graph().as_default():
        model = moat_lib.MOAT(**config)
        inputs = tf.compat.v1.placeholder(tf.float32, input_shape)
        fetches = {}
        if num_classes:
            fetches['logits'] = model(inputs, training=False)
        # With a head, call() returns only the logits; it reads the option
        # at call time, so switch it off to get the endpoints too.
        model._config.build_classification_head_with_class_num = None
        endpoints = model(inputs, training=False)
        model._config.build_classification_head_with_class_num = num_classes
        fetches.update(
            (k, v) for k, v in endpoints.items() if k.startswith('stage'))
        session_config = tf.compat.v1.ConfigProto(
            intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
        with tf.compat.v1.Session(config=session_config) as session:
            raw = {}
            for variable in model.variables:
                raw[checkpoint_name(variable)] = value = random_value(
                    variable, rng).astype(np.float32)
                variable.load(value, session)
            tensors = dict(raw)
            arrays = dict(input=images,
                          **session.run(fetches, {inputs: images}))
            if num_classes:
                # EMA copies of the trainable variables only; BN statistics
                # stay raw.
                ema_rng = np.random.default_rng(seed + 1000)
                for variable in model.trainable_variables:
                    value = random_value(variable, ema_rng).astype(np.float32)
                    tensors[checkpoint_name(variable) + EMA_SUFFIX] = value
                    variable.load(value, session)
                arrays['logits_ema'] = session.run(fetches['logits'],
                                                   {inputs: images})
                tensors['global_step'] = np.array(12345, np.int64)
    save_by_name(osp.join(out_dir, name), tensors)
    np.savez_compressed(osp.join(out_dir, name + '.npz'), **arrays)
    return dict(
        seed=seed,
        deeplab2_config=config,
        input_shape_nhwc=list(input_shape),
        arrays={k: list(v.shape) for k, v in sorted(arrays.items())},
        num_tensors=len(tensors),
        num_params=int(sum(v.size for k, v in raw.items()
                           if 'moving_' not in k)))


class _ShardByDtype(tf.train.experimental.ShardingCallback):
    """One data shard per dtype, every tensor whole."""

    @property
    def description(self):
        return 'one shard per dtype'

    def __call__(self, shardable_tensors):
        shards = {}
        for tensor in shardable_tensors:
            shard = shards.setdefault(tensor.dtype.name, {})
            shard.setdefault(tensor.checkpoint_key,
                             {})[tensor.slice_spec] = tensor.tensor
        return [shards[dtype] for dtype in sorted(shards)]


def write_plain(out_dir):
    """Checkpoints of known float32 / int64 values for a bundle reader.

    ``plain``: ``tf.train.Checkpoint`` (object-graph keys such as
    ``model/scalar_f32/.ATTRIBUTES/VARIABLE_VALUE`` plus the DT_STRING
    ``_CHECKPOINTABLE_OBJECT_GRAPH``), one data shard. ``plain_sharded``:
    the same over three data shards (one per dtype). ``plain_sliced``: the
    same with two tensors stored as slices. ``plain_names``: the same values under plain
    names (``SaveV2``, as TF1 ``Saver`` writes), no object graph.
    """
    values = {
        'scalar_f32': np.float32(3.25),
        'vector_f32': np.arange(5, dtype=np.float32) * .5 - 1,
        'matrix_f32': (np.arange(12, dtype=np.float32).reshape(3, 4) - 6) / 4,
        'tensor_f32': np.linspace(-1, 1, 2 * 3 * 4 * 5,
                                  dtype=np.float32).reshape(2, 3, 4, 5),
        'scalar_i64': np.int64(-7),
        'vector_i64': np.array([0, 1, -1, 2**40, -(2**62)], np.int64),
        'empty_f32': np.zeros((0, 3), np.float32),
    }
    module = tf.Module()
    module.nested = tf.Module()
    for key, value in values.items():
        setattr(module, key, tf.Variable(value, name=key))
    module.nested.kernel = tf.Variable(values['matrix_f32'].T.copy())
    checkpoint = tf.train.Checkpoint(model=module)
    checkpoint.write(osp.join(out_dir, 'plain'))
    checkpoint.write(
        osp.join(out_dir, 'plain_sharded'),
        options=tf.train.CheckpointOptions(
            experimental_sharding_callback=_ShardByDtype()))
    # At most 200 bytes a shard: tensor_f32 and vector_i64 are split into
    # slices (the layout of partitioned variables: the tensor's entry lists
    # its slices, each stored under a key of its own).
    checkpoint.write(
        osp.join(out_dir, 'plain_sliced'),
        options=tf.train.CheckpointOptions(
            experimental_sharding_callback=tf.train.experimental
            .MaxShardSizePolicy(max_shard_size=200)))
    names = dict(values, **{'nested/kernel': values['matrix_f32'].T})
    save_by_name(osp.join(out_dir, 'plain_names'), names)

    def entry(value):
        value = np.asarray(value)
        return dict(dtype=str(value.dtype), shape=list(value.shape),
                    values=value.tolist())

    listing = {}
    for prefix in ('plain', 'plain_sharded', 'plain_sliced', 'plain_names'):
        path = osp.join(out_dir, prefix)
        listing[prefix] = dict(
            files=sorted(f for f in os.listdir(out_dir)
                         if f.startswith(prefix + '.') and
                         f != 'plain.json'),
            tensors={
                key: dict(shape=shape, dtype=tf.train.load_checkpoint(
                    path).get_variable_to_dtype_map()[key].name)
                for key, shape in tf.train.list_variables(path)
            })
    expected = {
        'model/%s/.ATTRIBUTES/VARIABLE_VALUE' % k: entry(v)
        for k, v in values.items()
    }
    expected['model/nested/kernel/.ATTRIBUTES/VARIABLE_VALUE'] = entry(
        values['matrix_f32'].T)
    with open(osp.join(out_dir, 'plain.json'), 'w') as f:
        json.dump(dict(
            tensorflow_version=tf.__version__,
            note='plain, plain_sharded and plain_sliced hold the '
                 '"model/..." keys in "expected" plus '
                 '_CHECKPOINTABLE_OBJECT_GRAPH (DT_STRING, a serialised '
                 'TrackableObjectGraph); plain_sliced stores tensor_f32 and '
                 'vector_i64 as slices. plain_names holds the same values '
                 'under the names in "by_name", with no object graph.',
            expected=expected,
            by_name={k: entry(v) for k, v in names.items()},
            checkpoints=listing), f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--deeplab2', default='/tmp/deeplab2_src',
                        help='directory holding the deeplab2 package')
    parser.add_argument(
        '--out',
        default=osp.join(
            osp.dirname(osp.dirname(osp.abspath(__file__))), 'data',
            'moat_tf'))
    args = parser.parse_args()
    sys.path.insert(0, args.deeplab2)
    from deeplab2.model.layers import moat_attention
    from deeplab2.model.pixel_encoder import moat as moat_lib
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    os.makedirs(args.out, exist_ok=True)

    manifest = dict(tensorflow_version=tf.__version__, cases={})
    for seed, (name, (input_shape, config)) in enumerate(CASES.items()):
        manifest['cases'][name] = make_case((moat_lib, moat_attention), name,
                                            input_shape, config, seed,
                                            args.out)
    write_plain(args.out)
    with open(osp.join(args.out, 'fixture.json'), 'w') as f:
        json.dump(manifest, f, indent=1)


if __name__ == '__main__':
    main()
