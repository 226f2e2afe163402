"""Reading notices: every format, the publication date from the document, bad input."""

from __future__ import annotations

import hashlib

import orjson
import pytest

from onnotice.errors import EncodingError, InputError
from onnotice.model import Customer
from onnotice.notices import analyse, build_index, read_notice
from onnotice.notices.read import date_in_text, notice_format

ARTICLE_HTML = b"""<!doctype html>
<html><head><title>Pagedeck owners charged | Lakeside Ledger</title>
<meta property="article:published_time" content="2023-08-04T09:30:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article><h1>Pagedeck owners charged</h1>
<p>Federal prosecutors on Thursday charged the owners of Pagedeck with facilitating sex
trafficking through the classifieds site's adult section, court records show.</p>
<p>The site was shut down in 2018 after a two-year investigation by federal agents, who
said it earned millions of dollars from the ads.</p></article>
<footer>Copyright Lakeside Ledger. Subscribe to our newsletter for more.</footer>
</body></html>"""


def test_plain_text_with_a_published_line() -> None:
    data = b"Acme Travel sued\nPublished: March 4, 2021\n\nA survivor sued Acme Travel."
    notice = read_notice("story.txt", data, source="wire")
    assert notice.published_at == "2021-03-04"
    assert notice.source == "wire"
    assert notice.text == data.decode()
    assert notice.id == "n-" + hashlib.sha256(data).hexdigest()[:16]
    assert notice.path == "story.txt"


def test_a_dateline_gives_the_date() -> None:
    notice = read_notice("wire", "CHICAGO, Aug. 3, 2023 \u2014 A survivor sued Acme.".encode())
    assert notice.published_at == "2023-08-03"


def test_a_date_deep_in_the_text_is_not_the_publication_date() -> None:
    text = "A survivor sued Acme Travel in a long complaint. The ruling came on May 2, 2019."
    assert date_in_text(text) is None


def test_given_date_wins_over_the_document() -> None:
    data = b"Published: March 4, 2021\n\nA survivor sued Acme Travel."
    assert read_notice("a.txt", data, published_at="2021-05").published_at == "2021-05"


def test_markdown_title_is_its_first_heading() -> None:
    notice = read_notice("a.md", b"# Acme Travel sued\n\nA survivor sued Acme Travel in 2022.\n")
    assert notice.title == "Acme Travel sued"
    assert notice.published_at is None


def test_html_main_text_title_and_date() -> None:
    notice = read_notice("article.html", ARTICLE_HTML, observed_at="2024-01-02T03:04:05Z")
    assert "charged the owners of Pagedeck" in notice.text
    assert "Subscribe" not in notice.text and "Sport" not in notice.text
    assert notice.title.startswith("Pagedeck owners charged")
    assert notice.published_at == "2023-08-04"
    assert notice.observed_at == "2024-01-02T03:04:05.000000Z"


def test_json_fields() -> None:
    record = {
        "text": "A survivor sued Acme Travel.",
        "title": "Acme sued",
        "url": "https://news.example/acme",
        "source": "Lakeside Ledger",
        "published_at": "2022-11",
    }
    notice = read_notice("a.json", orjson.dumps(record))
    assert (notice.text, notice.title, notice.url, notice.source, notice.published_at) == (
        record["text"],
        "Acme sued",
        record["url"],
        "Lakeside Ledger",
        "2022-11",
    )


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("x.htm", b"hello", "html"),
        ("x", b'  {"text": "hi"}', "json"),
        ("x", b"<!DOCTYPE html><html></html>", "html"),
        ("x", b"intro\n# Heading\n", "markdown"),
        ("x", b"Just words.", "text"),
    ],
)
def test_format_from_suffix_or_sniffed(name: str, data: bytes, kind: str) -> None:
    assert notice_format(name, data) == kind


@pytest.mark.parametrize(
    ("name", "data", "error", "message"),
    [
        ("empty.txt", b"", InputError, "has no text"),
        ("blank.txt", b" \n\t\n ", InputError, "has no text"),
        ("latin1.txt", "Caf\u00e9 sued".encode("latin-1"), EncodingError, "not UTF-8"),
        ("bad.json", b"{text: nope", InputError, "not valid JSON"),
        ("list.json", b"[1, 2]", InputError, "must be an object"),
        ("notext.json", b'{"title": "t"}', InputError, "needs a 'text' string"),
        ("emptytext.json", b'{"text": "   "}', InputError, "has no text"),
        ("badtitle.json", b'{"text": "x", "title": 3}', InputError, "'title' must be a string"),
        ("baddate.json", b'{"text": "x", "published_at": "2021-13"}', InputError, "month 13"),
        (
            "empty.html",
            b"<html><head><title>t</title></head><body> </body></html>",
            InputError,
            "no text",
        ),
    ],
)
def test_bad_input_is_one_line_error(
    name: str, data: bytes, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        read_notice(name, data)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_given_date_is_an_input_error() -> None:
    with pytest.raises(InputError, match="published date"):
        read_notice("a.txt", b"A survivor sued Acme.", published_at="yesterday")


def test_an_html_article_read_and_analysed_end_to_end() -> None:
    notice = read_notice("article.html", ARTICLE_HTML)
    book = [Customer("pagedeck", "Pagedeck Inc."), Customer("lakeside", "Lakeside Ledger")]
    matches, events = analyse(notice, build_index(book))
    assert {m.customer: m.categories for m in matches} == {
        "pagedeck": ("trafficking_allegation", "seizure_or_shutdown", "criminal_charge")
    }
    assert [(e.date, e.category, e.customer) for e in events] == [
        ("2018", "seizure_or_shutdown", "pagedeck")
    ]


def test_markdown_markup_is_not_part_of_the_text() -> None:
    data = (
        b"# Survivors sue Acme\n\n*Published May 20, 2024*\n\nThree survivors sued "
        b"[Acme Ltd](https://acme.example) on **Monday**. Snake_case_words and 2*3*4 stay.\n"
    )
    notice = read_notice("a.md", data)
    assert notice.title == "Survivors sue Acme" and notice.published_at == "2024-05-20"
    assert notice.text.startswith("Survivors sue Acme\n\nPublished May 20, 2024\n")
    assert "sued Acme Ltd on Monday." in notice.text
    assert "Snake_case_words and 2*3*4 stay." in notice.text
    assert not any(mark in notice.text for mark in ("#", "**", "](", "https://"))
