"""Named people (with their positions), units, places and document references."""
from .canonical import canonical_form
from .recognizer import LABELS, EntityRecognizer
from .summary import EntitySummary, summarize
from .training import evaluate_recognizer, format_span_metrics, load_recognizer, span_metrics, train_entities

__all__ = ["EntityRecognizer", "LABELS", "canonical_form", "summarize", "EntitySummary", "train_entities",
           "load_recognizer", "evaluate_recognizer", "span_metrics", "format_span_metrics"]
