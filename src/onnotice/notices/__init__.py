"""Public notices: reading, matching customers, classifying sentences, dating events (pure)."""

from onnotice.notices.analyse import analyse
from onnotice.notices.classify import check_notice_examples, sentence_categories
from onnotice.notices.index import CustomerIndex, build_index
from onnotice.notices.output import notice_to_dict
from onnotice.notices.pack import CATEGORIES, MENTION, NoticePack, load_notice_pack
from onnotice.notices.read import read_notice

__all__ = [
    "CATEGORIES",
    "MENTION",
    "CustomerIndex",
    "NoticePack",
    "analyse",
    "build_index",
    "check_notice_examples",
    "load_notice_pack",
    "notice_to_dict",
    "read_notice",
    "sentence_categories",
]
