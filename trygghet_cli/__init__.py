"""trygghet: find the right support in Sandvikens kommun."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("trygghet")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
