"""citeaudit: check a manuscript's citations and bibliography before it is published."""

__version__ = "0.1.0"
