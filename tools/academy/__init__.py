"""Service Academy: course model, content checks and site compiler."""

__version__ = "0.1.0"
