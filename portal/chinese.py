"""Chinese words for full-text search: jieba segments text that has no spaces.

PostgreSQL's parsers split text at spaces and punctuation, so "贝特瑞在丹吉尔投资" is one
"word" to them. Chinese stories are indexed, and Chinese queries asked, as the words
jieba finds, joined by spaces, under the `simple` text-search configuration (no
stemming, no stop words): a stock PostgreSQL needs no extension. jieba learns the
trade's words from `chinese_words.txt` (names and terms of the beat), so 贝特瑞 stays one
word; a query also finds the stories of the companies whose names or aliases it
contains (articles.search), whatever jieba makes of them.
"""

import logging
import re
import threading
from functools import lru_cache
from pathlib import Path

import jieba

WORDS = Path(__file__).with_name("chinese_words.txt")
CONFIG = "simple"  # PostgreSQL's text-search configuration for segmented Chinese
HAN = re.compile(r"[\u3400-\u9fff]")
_lock = threading.Lock()
jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _segmenter():
    """jieba's tokenizer with the beat's words (loaded once per process)."""
    with _lock:
        tokenizer = jieba.Tokenizer()
        tokenizer.load_userdict(str(WORDS))
        return tokenizer


def has_chinese(text):
    return bool(HAN.search(text or ""))


def index_words(text):
    """The words of `text` for the index: each word, and the shorter words inside long
    ones (jieba's search mode), separated by spaces."""
    return " ".join(w for w in _segmenter().cut_for_search(text or "") if w.strip())


def query_words(text):
    """The words of a reader's query: jieba's precise cut, punctuation left out."""
    words = (w.strip() for w in _segmenter().cut(text or ""))
    return [w for w in words if w and re.search(r"\w", w)]


def reading_units(text):
    """The reading length of `text` in English-word equivalents: a reader takes about
    400 Chinese characters a minute against 230 English words, so a Han character counts
    as 230/400 of a word."""
    han = len(HAN.findall(text or ""))
    return len(HAN.sub(" ", text or "").split()) + round(han * 230 / 400)
