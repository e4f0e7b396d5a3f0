"""corpus-tool: NLP corpus tool for Finnish social-sector reports."""
__version__ = "0.1.0"
