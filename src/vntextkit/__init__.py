"""vntextkit: Vietnamese text analysis for local Party and government news."""
__version__ = "0.1.0"
