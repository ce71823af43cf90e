"""vntextkit: Vietnamese text analysis for local Party and government news.

>>> import vntextkit
>>> vntextkit.normalize("Huyện uỷ")
'Huyện ủy'
>>> [t.text for t in vntextkit.tokenize("Bộ Chính trị ban hành Nghị quyết số 35-NQ/TW.")]
['Bộ Chính trị', 'ban hành', 'Nghị quyết', 'số', '35-NQ/TW', '.']
"""
from .doc import Doc, Span, Token
from .errors import VntextkitError
from .normalize import normalize
from .pipeline import Pipeline, analyze, load
from .tokenize import add_words, sentences, tokenize

__version__ = "0.1.0"

__all__ = ["normalize", "tokenize", "sentences", "analyze", "load", "add_words", "Doc", "Span", "Token",
           "Pipeline", "VntextkitError", "__version__"]
