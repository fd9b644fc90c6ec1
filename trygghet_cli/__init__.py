"""trygghet: find the right support in Sandvikens kommun."""

# Kept here, not read from package metadata: importlib.metadata costs ~40 ms at every start.
__version__ = "0.1.0"
