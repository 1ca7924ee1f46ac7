"""VAN as mmpretrain writes it (reference)."""
from ..backbones.van import VAN


class ReferenceVAN(VAN):
    """:class:`~mogaseg.models.VAN`, whose blocks are mmpretrain's, computing
    in the input's memory format (``channels_last`` is False unless
    given)."""

    def __init__(self, *args, channels_last=False, **kwargs):
        super().__init__(*args, channels_last=channels_last, **kwargs)
