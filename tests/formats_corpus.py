"""The small corpus the format tests share: every kind of text that breaks offsets elsewhere.

Fixed span ids and timestamps, so golden files are stable. Offsets are found with str.index on the text (never
typed by hand), and every span is checked against the text when built.
"""

from __future__ import annotations

from tui_reader.corpus import Record
from tui_reader.models import Document, Relation, Span
from tui_reader.store import AnnotationStore

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧 : 5 code points, 8 UTF-16 units
FLAG = "\U0001f1eb\U0001f1f7"  # 🇫🇷 : 2 code points, 4 UTF-16 units
TEXT_1 = (
    f"Le ministre {FAMILY} a dit : « Nous gagnerons » {FLAG}.\n"
    "Cafe\u0301 et e\u0301te\u0301 : 東京の人口は 42% 増えた。\n"
    "[@click=app.quit] <b>not bold</b> [/] 😀 fin."
)
TEXT_2 = "A plain second document.\nTwo lines, one span.\n"
TEXT_3 = "No spans here 🙂, a negative example.\n"
NOTE_MARKUP = "first line\nsecond [b]line[/b] <i>x</i> \\n literal\tand tab"
CREATED = "2026-11-22T10:00:00.000Z"


def _span(doc: Document, n: int, piece: str, label: str, *, after: int = 0, **kw: object) -> Span:
    start = doc.text.index(piece, after)
    end = start + len(piece)
    assert doc.text[start:end] == piece
    return Span(doc_id=doc.id, start=start, end=end, label=label, text=piece,
                id=f"018f0000-0000-7000-8000-{n:012d}", created_at=CREATED, **kw)  # type: ignore[arg-type]


def corpus() -> list[Record]:
    d1 = Document(id="news-1", text=TEXT_1, title="News one", source="corpus/news-1.txt", added_at=CREATED)
    d2 = Document(id="news-2", text=TEXT_2, title="News two", source="corpus/news-2.txt", added_at=CREATED)
    d3 = Document(id="news-3", text=TEXT_3, title="News three", source="corpus/news-3.txt", added_at=CREATED)
    spans1 = [
        _span(d1, 1, FAMILY, "claim", annotator="alice"),
        _span(d1, 2, "« Nous gagnerons »", "quote", annotator="alice", note=NOTE_MARKUP),
        _span(d1, 3, FLAG, "anonymous source", annotator="alice"),
        _span(d1, 4, f"{FLAG}.\nCafe\u0301", "claim", annotator="alice"),  # crosses a newline
        _span(d1, 5, "e\u0301te\u0301", "statistic", annotator="alice"),
        _span(d1, 6, "東京", "anonymous source", annotator="bob"),
        _span(d1, 7, "42%", "statistic", annotator="bob", note="[/]"),
        _span(d1, 8, "[@click=app.quit]", "quote", annotator="bob"),
        _span(d1, 9, "😀 fin", "my_label", annotator="alice"),  # a real underscore
    ]
    spans2 = [_span(d2, 10, "second document.\nTwo", "anonymous source", annotator="alice", note="why\n")]
    rels1 = [
        _relation(spans1, 1, 2, 3, "attributed to", "alice"),  # the quote rests on the (flag) anonymous source
        _relation(spans1, 2, 7, 6, "attributed to", "bob"),  # the statistic on 東京, across annotators' spans
        _relation(spans1, 3, 1, 5, "cites", "alice"),  # a second type, between two spans of other labels
    ]
    return [Record(d1, spans1, relations=rels1), Record(d2, spans2), Record(d3, [])]


def _relation(spans: list[Span], n: int, head: int, tail: int, label: str, annotator: str) -> Relation:
    return Relation(doc_id=spans[0].doc_id, head=spans[head - 1].id, tail=spans[tail - 1].id, label=label,
                    id=f"018f0000-0000-7000-9000-{n:012d}", annotator=annotator, created_at=CREATED)


def fill(store: AnnotationStore, *, relations: bool = True) -> None:
    store.import_records((r.doc, r.spans, [], [], r.relations if relations else []) for r in corpus())


def add_documents_only(store: AnnotationStore) -> None:
    """What a user does before importing w3c or csv: the texts go in first."""
    store.import_records((r.doc, [], [], []) for r in corpus())
