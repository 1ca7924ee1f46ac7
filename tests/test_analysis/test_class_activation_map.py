"""mogaseg.analysis.cam on toy classifiers whose evidence for each class
lies in a known image region."""
import numpy as np
import pytest
import torch
import torch.nn as nn

from mogaseg.analysis.cam import (CAMError, CAMModel, TokensToMap,
                                  compute_cam, overlay_cam,
                                  resolve_target_layers, token_grid)

SIZE = 32


class ColourBackbone(nn.Module):
    """Channel 0 of the map detects red, channel 1 green, on 4x4 patches;
    ``tokens`` optionally passes the map through an ``(N, L, C)`` token
    layer (a LayerNorm-free 'transformer' stage)."""

    def __init__(self, tokens=False):
        super().__init__()
        self.patch = nn.Conv2d(3, 2, 4, stride=4, bias=False)
        with torch.no_grad():
            self.patch.weight.zero_()
            self.patch.weight[0, 0] = 1 / 16  # red mean
            self.patch.weight[1, 1] = 1 / 16  # green mean
        self.act = nn.ReLU()
        self.use_tokens = tokens
        self.tokens = nn.Identity()
        self.stage = nn.ModuleList([nn.Identity(), nn.Identity()])

    def forward(self, x):
        x = self.act(self.patch(x))
        for layer in self.stage:
            x = layer(x)
        if self.use_tokens:
            n, c, h, w = x.shape
            x = self.tokens(x.flatten(2).transpose(1, 2))
            x = x.transpose(1, 2).reshape(n, c, h, w)
        return (x, )


class ToyClassifier(nn.Module):
    """Logit k = mean of map channel k: class 0 is 'red', class 1
    'green', class 2 never fires."""

    def __init__(self, backbone=None):
        super().__init__()
        self.backbone = backbone or ColourBackbone()
        self.head = nn.Linear(2, 3)
        with torch.no_grad():
            self.head.weight.copy_(
                torch.tensor([[1., 0.], [0., 1.], [0., 0.]]))
            self.head.bias.zero_()

    def forward(self, inputs, mode='tensor'):
        assert mode == 'tensor'
        return self.head(self.backbone(inputs)[-1].mean(dim=(2, 3)))


def _image(red_area=1.0, green_area=1.0):
    """Red square in the top-right quadrant, green in the bottom-left
    (swapped by a transposition, unlike top-left/bottom-right)."""
    image = torch.zeros(1, 3, SIZE, SIZE)
    half = SIZE // 2
    red = int(half * red_area)
    green = int(half * green_area)
    image[0, 0, :red, SIZE - red:] = 1.0
    image[0, 1, SIZE - green:, :green] = 1.0
    return image


def _quadrant_means(cam):
    half = SIZE // 2
    return dict(
        top_right=cam[:half, half:].mean(),
        bottom_left=cam[half:, :half].mean(),
        top_left=cam[:half, :half].mean())


@pytest.mark.parametrize('method', ['gradcam', 'GradCAM++', 'XGradCAM'])
def test_cam_highlights_the_region_of_the_target_class(method):
    model = ToyClassifier().eval()
    image = _image()
    red = _quadrant_means(compute_cam(model, image, method, target_category=0)
                          .cam)
    green = _quadrant_means(
        compute_cam(model, image, method, target_category=1).cam)
    assert red['top_right'] > 0.5 > 0.1 > red['bottom_left']
    assert green['bottom_left'] > 0.5 > 0.1 > green['top_right']
    assert red['top_left'] < 0.1 and green['top_left'] < 0.1


def test_default_category_is_the_prediction_with_its_score():
    model = ToyClassifier().eval()
    image = _image(red_area=1.0, green_area=0.5)  # more red: class 0
    result = compute_cam(model, image)
    logits = model(image)[0].detach()
    assert result.category == 0 == int(logits.argmax())
    assert result.score == pytest.approx(
        float(torch.exp(logits[0]) / torch.exp(logits).sum()))
    assert result.target_layers == ['backbone output']
    assert result.cam.shape == (SIZE, SIZE)
    # the CAM model's hook on the backbone is gone afterwards
    assert not model.backbone._forward_hooks


def test_named_layer_and_token_layer_give_the_same_map():
    image = _image()
    conv = compute_cam(ToyClassifier().eval(), image, target_category=0,
                       target_layers=['backbone.act'])
    tokens = compute_cam(
        ToyClassifier(ColourBackbone(tokens=True)).eval(), image,
        target_category=0, target_layers=['backbone.tokens'])
    assert conv.target_layers == ['backbone.act']
    assert _quadrant_means(tokens.cam)['top_right'] > 0.5
    np.testing.assert_allclose(tokens.cam, conv.cam, atol=1e-5)


def test_eigencam_on_the_backbone_of_a_dense_model():
    model = ToyClassifier().eval()
    image = _image(red_area=1.0, green_area=0.0)
    result = compute_cam(model, image, method='EigenCAM', dense=True)
    means = _quadrant_means(result.cam)
    assert means['top_right'] > 0.5 > 0.1 > means['bottom_left']
    assert result.category is None and result.score is None


def test_default_layer_of_a_pooling_backbone_is_its_last_map():

    class PoolingBackbone(ColourBackbone):

        def forward(self, x):
            return (super().forward(x)[0].mean(dim=(2, 3)), )

    class PooledClassifier(ToyClassifier):

        def forward(self, inputs, mode='tensor'):
            return self.head(self.backbone(inputs)[-1])

    model = PooledClassifier(PoolingBackbone()).eval()
    result = compute_cam(model, _image(), target_category=0)
    # stage.1, the last module run once with an NCHW output
    assert result.target_layers == ['backbone.stage.1']
    assert _quadrant_means(result.cam)['top_right'] > 0.5


def test_token_grid_and_reshape():
    assert token_grid(64, (32, 32)) == (8, 8)
    assert token_grid(32, (32, 64)) == (4, 8)
    assert token_grid(32, (64, 32)) == (8, 4)
    with pytest.raises(ValueError, match='7 tokens'):
        token_grid(7, (32, 32))
    feature = torch.arange(2 * 3 * 4 * 8, dtype=torch.float32).reshape(
        2, 3, 4, 8)
    tokens = feature.flatten(2).transpose(1, 2)  # (2, 32, 3)
    transform = TokensToMap({32: (4, 8)})
    assert torch.equal(transform(tokens), feature)
    assert transform(feature) is feature


def test_layer_errors_name_the_layer():
    model = ToyClassifier().eval()
    image = _image()
    cam_model = CAMModel(model)
    try:
        with pytest.raises(CAMError,
                           match=r"no layer named 'backbone\.ptch'; did "
                           r"you mean 'backbone\.patch'"):
            resolve_target_layers(cam_model, ['backbone.ptch'])
        with pytest.raises(CAMError,
                           match=r"'backbone\.stage' is a ModuleList.*"
                           r"'backbone\.stage\.1'"):
            resolve_target_layers(cam_model, ['backbone.stage'])
    finally:
        cam_model.remove()
    with pytest.raises(CAMError,
                       match=r"layer 'head' outputs a tensor of shape "
                       r'\(1, 3\)'):
        compute_cam(model, image, target_layers=['head'])
    with pytest.raises(CAMError, match=r"layer 'backbone' outputs a tuple"):
        compute_cam(model, image, target_layers=['backbone'])
    with pytest.raises(CAMError, match="'head' is not in the backbone"):
        compute_cam(model, image, 'eigencam', target_layers=['head'],
                    dense=True)


def test_token_layer_without_a_grid_is_refused():

    class OddTokens(nn.Module):

        def __init__(self):
            super().__init__()
            self.backbone = ColourBackbone()
            self.extra = nn.Identity()

        def forward(self, inputs, mode='tensor'):
            feature = self.backbone(inputs)[-1]
            tokens = feature.flatten(2).transpose(1, 2)
            # a class token in front: 65 tokens
            tokens = self.extra(torch.cat([tokens[:, :1], tokens], dim=1))
            return tokens.mean(dim=1) @ torch.eye(2, 3)

    with pytest.raises(CAMError,
                       match=r"layer 'extra' outputs a tensor of shape "
                       r'\(1, 65, 2\): 65 tokens do not form a grid'):
        compute_cam(OddTokens().eval(), _image(), target_layers=['extra'])


def test_a_shared_layer_is_refused():

    class Shared(ToyClassifier):

        def forward(self, inputs, mode='tensor'):
            x = self.backbone.act(self.backbone.act(inputs))
            return self.head(self.backbone(x)[-1].mean(dim=(2, 3)))

    with pytest.raises(CAMError, match="'backbone.act' runs 3 times"):
        compute_cam(Shared().eval(), _image(),
                    target_layers=['backbone.act'])


def test_method_and_category_errors():
    model = ToyClassifier().eval()
    image = _image()
    with pytest.raises(CAMError, match='unknown CAM method.*gradcam, '):
        compute_cam(model, image, 'foo')
    with pytest.raises(CAMError, match='use --method eigencam'):
        compute_cam(model, image, 'gradcam', dense=True)
    with pytest.raises(CAMError, match='not a class of this 3-class'):
        compute_cam(model, image, target_category=3)
    with pytest.raises(CAMError, match='does not depend on the class'):
        compute_cam(model, image, 'eigencam', target_category=1)


def test_overlay_keeps_the_image_size_without_the_padding():
    image = np.full((20, 24, 3), 128, np.uint8)
    cam = np.zeros((32, 32), np.float32)
    cam[:10] = 1.0
    drawn = overlay_cam(image, cam)
    assert drawn.shape == (20, 24, 3) and drawn.dtype == np.uint8
    # JET: high values red (BGR channel 2), low values blue
    assert drawn[2, 2, 2] > drawn[2, 2, 0]
    assert drawn[15, 2, 0] > drawn[15, 2, 2]
