"""Batch tagging of whole feeds, on one machine or a Dask cluster."""
from .readers import BadRecord, Record, read_inputs
from .runner import OutputExistsError, TagSummary, tag_files

__all__ = ["tag_files", "TagSummary", "read_inputs", "Record", "BadRecord", "OutputExistsError"]
