"""quotes: find who said what in news articles, and keep it in a searchable database."""

__version__ = "0.1.0"
