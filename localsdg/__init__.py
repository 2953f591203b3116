"""LocalSDG: localize the UN Sustainable Development Goals."""

__version__ = "0.1.0"
