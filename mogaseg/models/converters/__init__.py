from .moganet import convert_moganet_official

__all__ = ['convert_moganet_official']
