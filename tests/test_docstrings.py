"""The Examples sections of public docstrings run and give what they show."""
import doctest
import importlib

import pytest

MODULES = ["vntextkit", "vntextkit.normalize", "vntextkit.tokenize", "vntextkit.tokenize.pretokenize", "vntextkit.tokenize.lexicon",
           "vntextkit.entities.canonical", "vntextkit.entities.recognizer", "vntextkit.pipeline",
           "vntextkit.topics.estimator"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
