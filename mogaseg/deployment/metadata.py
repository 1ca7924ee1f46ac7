"""What an exported file records about its model, so that it can be used
without the config: the input normalisation and channel order, the class
names of a classifier, the task.

ONNX keeps these as string pairs in the model's ``metadata_props``
(``onnxruntime.InferenceSession(...).get_modelmeta().custom_metadata_map``
reads them); values that are not strings are stored as JSON.
"""
import json
from typing import Dict

import torch.nn as nn

from mogaseg.version import __version__

# The attribute that holds "swap BGR and RGB" in mmpretrain's, mmdet's
# (mmengine's) and mmseg's data preprocessors.
_CHANNEL_SWAP_ATTRS = ('to_rgb', '_channel_conversion', 'channel_conversion')


def preprocessing_metadata(model: nn.Module) -> Dict[str, object]:
    """``mean``, ``std`` and ``to_rgb`` of the model's data preprocessor
    (built from the config's ``data_preprocessor``): the exported graph
    takes ``(image - mean) / std``, channels swapped first when
    ``to_rgb`` is true (images loaded as BGR, e.g. by OpenCV). Empty for
    a model without a normalising preprocessor."""
    preprocessor = getattr(model, 'data_preprocessor', None)
    if preprocessor is None or not getattr(preprocessor,
                                           '_enable_normalize', False):
        return {}
    # float32 buffers: 7 significant digits give the config's values back
    meta = {
        key: [
            float(f'{v:.7g}')
            for v in getattr(preprocessor, key).flatten().tolist()
        ]
        for key in ('mean', 'std')
    }
    for attr in _CHANNEL_SWAP_ATTRS:
        if hasattr(preprocessor, attr):
            meta['to_rgb'] = bool(getattr(preprocessor, attr))
            break
    return meta


def deployment_metadata(model: nn.Module) -> Dict[str, object]:
    """The metadata of an exported ``model``: ``task`` (the config's
    ``default_scope``, when known), ``mean`` / ``std`` / ``to_rgb``
    (:func:`preprocessing_metadata`), ``classes`` (a classifier's class
    names, from ``model.dataset_meta``, when known) and
    ``mogaseg_version``."""
    meta = {'mogaseg_version': __version__}
    task = getattr(model, 'default_scope', None)
    if task:
        meta['task'] = task
    meta.update(preprocessing_metadata(model))
    classes = (getattr(model, 'dataset_meta', None) or {}).get('classes')
    if task == 'mmpretrain' and classes:
        meta['classes'] = list(classes)
    return meta


def read_onnx_metadata(onnx_file: str) -> Dict[str, object]:
    """The ``metadata_props`` of an ONNX file as a dict; values that parse
    as JSON (lists, numbers, booleans) are decoded, others stay strings."""
    from .onnx_export import require_package  # (it imports this module)
    onnx = require_package('onnx')
    props = onnx.load(onnx_file, load_external_data=False).metadata_props
    meta = {}
    for prop in props:
        try:
            meta[prop.key] = json.loads(prop.value)
        except ValueError:
            meta[prop.key] = prop.value
    return meta
