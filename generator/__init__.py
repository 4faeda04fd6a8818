"""svcmanual: GB/T 27922-2011 after-sales service documents from one company profile."""

__version__ = "0.1.0"
