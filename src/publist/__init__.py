"""publist: a publication list kept in one BibTeX file."""

__version__ = "0.1.0"
