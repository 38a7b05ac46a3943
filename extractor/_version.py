"""The extractor version, written into every output line and store row; imported by every layer that needs it."""

__version__ = "0.1.0"
