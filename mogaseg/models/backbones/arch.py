"""One parser for the ``arch`` argument of every backbone: a size name of
the class's ``arch_zoo`` or a dict describing a new size."""
from typing import Mapping, Sequence, Union


class ArchParserMixin:
    """``_parse_arch(arch)`` for a backbone class with:

    - ``arch_zoo``: size name -> settings dict;
    - ``arch_keys``: the keys a custom dict must have;
    - ``arch_optional_keys``: the keys it may also have;
    - ``arch_stage_keys``: the keys holding one value per stage (their
      lengths must agree).

    A subclass checks more in :meth:`_check_arch`.
    """
    arch_zoo: dict = {}
    arch_keys: Sequence[str] = ()
    arch_optional_keys: Sequence[str] = ()
    arch_stage_keys: Sequence[str] = ()

    def _parse_arch(self, arch: Union[str, Mapping]) -> dict:
        """The settings of ``arch`` (a copy); KeyError for an unknown
        name, TypeError for neither a name nor a dict, ValueError for a dict
        with other keys or per-stage lists of different lengths."""
        family = type(self).__name__
        if isinstance(arch, str):
            if arch.lower() not in self.arch_zoo:
                raise KeyError(
                    f'Unknown {family} arch {arch!r}; choose from '
                    f'{sorted(self.arch_zoo)} or pass a dict with the keys '
                    f'{sorted(self.arch_keys)}')
            return dict(self.arch_zoo[arch.lower()])
        if not isinstance(arch, Mapping):
            raise TypeError(f'{family} arch must be a str or a dict, got '
                            f'{type(arch).__name__}')
        missing = set(self.arch_keys) - set(arch)
        unknown = set(arch) - set(self.arch_keys) - set(
            self.arch_optional_keys)
        if missing or unknown:
            raise ValueError(
                f'A custom {family} arch needs the keys '
                f'{sorted(self.arch_keys)} and may set '
                f'{sorted(self.arch_optional_keys)}; missing '
                f'{sorted(missing)}, unknown {sorted(unknown)} in {arch!r}')
        stage_keys = [k for k in self.arch_stage_keys if k in arch]
        for key in stage_keys:
            if isinstance(arch[key], (str, bytes)) or \
                    not isinstance(arch[key], Sequence):
                raise ValueError(
                    f'{key} of a custom {family} arch must be a sequence '
                    f'(one value per stage), got {arch[key]!r}')
        lengths = {len(arch[key]) for key in stage_keys}
        if len(lengths) > 1 or 0 in lengths:
            raise ValueError(f'{stage_keys} of a custom {family} arch need '
                             f'the same length, not zero, got {arch!r}')
        arch = dict(arch)
        self._check_arch(arch)
        return arch

    def _check_arch(self, arch: dict) -> None:
        """Further checks of a custom arch dict (raise ValueError)."""
