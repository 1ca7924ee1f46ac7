"""One video sequence as a grid image: its input frames, the ground truth
and the prediction, a row each."""
from typing import Optional

import cv2
import numpy as np
import torch


def draw_video_prediction(inputs: torch.Tensor,
                          targets: torch.Tensor,
                          pred: Optional[torch.Tensor] = None,
                          gap: int = 2) -> np.ndarray:
    """A grid image of one sequence: the input frames, the ground truth and
    the prediction (where given), a row each (first channel, grey),
    labelled on the left.

    The grey levels span the range of the inputs and the ground truth; the
    prediction is clipped to it. Returns an HxW uint8 array (write it with
    ``mmcv.imwrite``).
    """
    rows = [('input', inputs), ('truth', targets)]
    if pred is not None:
        rows.append(('predicted', pred))
    low = float(min(inputs.min(), targets.min()))
    high = float(max(inputs.max(), targets.max()))
    scale = 255. / max(high - low, 1e-12)
    width = max(len(frames) for _, frames in rows)
    h, w = inputs.shape[-2:]
    label_w = 80
    grid = np.full((len(rows) * (h + gap) - gap, label_w + width * (w + gap)),
                   255, dtype=np.uint8)
    for r, (label, frames) in enumerate(rows):
        top = r * (h + gap)
        cv2.putText(grid, label, (4, top + h // 2 + 4),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.4, 0, 1, cv2.LINE_AA)
        for c, frame in enumerate(frames):
            grey = ((frame[0].float().clamp(low, high) - low) * scale).round()
            left = label_w + c * (w + gap)
            grid[top:top + h, left:left + w] = grey.byte().numpy()
    return grid
