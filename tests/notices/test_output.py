"""The JSON shape of an analysed notice follows the `notices add` output contract."""

from __future__ import annotations

import orjson

from onnotice.model import Customer
from onnotice.notices import analyse, build_index, notice_to_dict, read_notice


def test_notice_output_contract() -> None:
    book = [Customer("pagedeck", "Pagedeck Inc."), Customer("acme", "Acme Travel Ltd")]
    data = (
        b"Published: 2023-08-04\n\nIn 2018 the federal government shut down Pagedeck. "
        b"Companies such as Acme Travel advertised there."
    )
    notice = read_notice("story.txt", data, source="wire")
    out = orjson.loads(orjson.dumps(notice_to_dict(notice, *analyse(notice, build_index(book)))))
    assert out["id"] == notice.id and out["published_at"] == "2023-08-04"
    assert [(m["customer"], m["categories"]) for m in out["matches"]] == [
        ("pagedeck", ["seizure_or_shutdown"]),
        ("acme", ["mention"]),
    ]
    assert {"customer", "categories", "sentences", "evidence"} <= set(out["matches"][0])
    at = notice.text.index("Pagedeck")
    assert out["matches"][0]["evidence"] == [{"start": at, "end": at + 8, "text": "Pagedeck"}]
    assert out["events"] == [
        {
            "date": "2018",
            "category": "seizure_or_shutdown",
            "customer": "pagedeck",
            "sentence": "In 2018 the federal government shut down Pagedeck.",
        }
    ]
