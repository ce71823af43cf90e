"""Topic tagging: which of the topic labels an article belongs to, with calibrated
scores and the words behind them."""
from .estimator import TopicClassifier
from .training import evaluate_topics, format_metrics, load_topic_model, metrics, read_labeled, train_topics

__all__ = ["TopicClassifier", "train_topics", "evaluate_topics", "load_topic_model", "metrics", "format_metrics",
           "read_labeled"]
