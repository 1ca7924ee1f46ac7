"""Export trained models for inference outside PyTorch (ONNX), with the
check that the exported file computes what the model does."""
from .metadata import (deployment_metadata, preprocessing_metadata,
                       read_onnx_metadata)
from .onnx_export import (DEFAULT_OPSET, MAX_OPSET, MIN_OPSET, ExportModule,
                          MissingPackageError, export_onnx, input_size,
                          onnx_io_shapes, require_package, verify_onnx)

__all__ = [
    'DEFAULT_OPSET', 'MAX_OPSET', 'MIN_OPSET', 'ExportModule',
    'MissingPackageError', 'deployment_metadata', 'export_onnx',
    'input_size', 'onnx_io_shapes', 'preprocessing_metadata',
    'read_onnx_metadata', 'require_package', 'verify_onnx'
]
