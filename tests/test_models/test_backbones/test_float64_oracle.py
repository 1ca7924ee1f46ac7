"""The float64 oracle behind ``assert_matches_reference`` accepts float32
rounding and nothing more."""
import copy

import pytest
import torch

from mogaseg.models import MogaNet


KWARGS = dict(arch='xtiny', out_indices=(0, 1, 2, 3), drop_path_rate=0.)


def _model():
    torch.manual_seed(0)
    model = MogaNet(**KWARGS)
    model.init_weights()
    return model.eval()


def test_the_same_model_matches(assert_matches_reference):
    model = _model()
    assert_matches_reference(model, copy.deepcopy(model),
                             torch.rand(2, 3, 32, 32))


@pytest.mark.parametrize('relative_change', [1e-3, 1e-4])
def test_a_slightly_changed_weight_is_caught(relative_change,
                                            assert_matches_reference):
    model = _model()
    reference = copy.deepcopy(model)
    with torch.no_grad():  # one filter of the stem's first convolution
        model.patch_embed1.projection[0].weight[0] *= 1 + relative_change
    with pytest.raises(AssertionError, match='error'):
        assert_matches_reference(model, reference, torch.rand(2, 3, 32, 32))
