"""Each export loaded by the code of the tool it is for, not by ours: spaCy (DocBin reload, char_span of every
span, the corpus reader `spacy train` uses, a spancat/ner update), Label Studio's own SDK (its LabelInterface
validates every annotation and prediction against the labelling config written beside the tasks), and pyld (the
w3c annotations expanded as JSON-LD with an offline copy of the W3C context, tests/data/w3c/anno.jsonld).
brat's standoff grammar is checked by the independent reader in test_formats_brat.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from formats_corpus import corpus, fill
from tui_reader.exporting import Filters, export, export_to_string
from tui_reader.store import AnnotationStore

ANNO_CONTEXT = Path(__file__).parent / "data" / "w3c" / "anno.jsonld"
OA = "http://www.w3.org/ns/oa#"


@pytest.fixture
def filled(store: AnnotationStore) -> AnnotationStore:
    fill(store)
    return store


# -- spaCy ----------------------------------------------------------------------------------------------------------


def _docs(path: Path) -> list:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_spacy_docbin_reloads_with_every_span_in_sc_and_char_span_finds_each(filled: AnnotationStore,
                                                                           tmp_path: Path) -> None:  # fmt: skip
    assert export(filled, "spacy", tmp_path / "train.spacy") == 10
    docs = _docs(tmp_path / "train.spacy")
    assert [d.text for d in docs] == [r.doc.text for r in corpus()]
    for doc, rec in zip(docs, corpus(), strict=True):
        assert sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]) == sorted(
            (s.start, s.end, s.label) for s in rec.spans)
        for s in rec.spans:  # exact offsets: spaCy's strict alignment finds every span
            found = doc.char_span(s.start, s.end, label=s.label)
            assert found is not None and found.text == s.text, (s.start, s.end, s.text)
        assert not doc.ents  # without --ents


def test_spacy_ents_hold_the_spans_that_do_not_overlap(filled: AnnotationStore, tmp_path: Path) -> None:
    warnings: list[str] = []
    export(filled, "spacy", tmp_path / "train.spacy", options={"ents": True}, warn=warnings.append)
    doc = _docs(tmp_path / "train.spacy")[0]
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    # 🇫🇷 (anonymous source, 45..47) lies inside "🇫🇷.\nCafé" (claim, 45..54): spaCy's filter_spans keeps the longer
    flag = corpus()[0].doc.text.index("🇫🇷")
    assert (flag, flag + 9, "claim") in ents and (flag, flag + 2, "anonymous source") not in ents
    assert len(ents) == len(doc.spans["sc"]) - 1
    assert all(a[1] <= b[0] for a, b in zip(sorted(ents), sorted(ents)[1:], strict=False))
    assert "spacy: 1 spans overlap a longer one and are in doc.spans['sc'] only, not doc.ents" in warnings


def test_spacy_span_inside_a_token_splits_the_token_and_is_reported(tmp_path: Path) -> None:
    import spacy

    from tui_reader.models import Document

    text = "Prices rose 42% in 2025 , officials said anonymously"
    with AnnotationStore(tmp_path / "a.db") as s:
        s.add_document(Document(id="d", text=text))
        s.add_span("d", text.index("anonymous"), text.index("anonymous") + 9, "statistic")  # inside "anonymously"
        s.add_span("d", text.index(" officials"), text.index(" anon"), "anonymous source")  # starts at a space
        s.add_span("d", 0, text.index(" 42") + 1, "claim")  # ends after a space
        warnings: list[str] = []
        export(s, "spacy", tmp_path / "x.spacy", warn=warnings.append)
    assert "anonymously" in [t.text for t in spacy.blank("en")(text)]  # one token to spaCy's own tokeniser
    doc = _docs(tmp_path / "x.spacy")[0]
    assert sorted(sp.text for sp in doc.spans["sc"]) == sorted([" officials said", "anonymous", "Prices rose "])
    assert doc.text == text
    assert warnings == ["spacy: 3 spans start or end inside a spaCy token; the token was split there so each "
                        "keeps its exact offsets"]  # fmt: skip


def test_spacy_train_reads_the_file_and_updates_a_spancat_and_a_ner(filled: AnnotationStore, tmp_path: Path) -> None:
    """The corpus reader `spacy train` uses (spacy.training.Corpus), then one update of each component."""
    import spacy
    from spacy.training import Corpus

    export(filled, "spacy", tmp_path / "train.spacy", options={"ents": True})
    nlp = spacy.blank("en")
    examples = list(Corpus(str(tmp_path / "train.spacy"))(nlp))
    assert len(examples) == 3
    assert sum(len(eg.reference.spans["sc"]) for eg in examples) == 10
    nlp.add_pipe("spancat", config={"spans_key": "sc"})
    nlp.add_pipe("ner")
    nlp.initialize(lambda: examples)
    losses = nlp.update(examples)
    assert losses["spancat"] > 0 and losses["ner"] > 0


def test_spacy_file_imports_back_with_ids_annotators_notes_and_relations(filled: AnnotationStore,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    from tui_reader.importing import import_paths

    export(filled, "spacy", tmp_path / "train.spacy")
    with AnnotationStore(tmp_path / "b.db") as b:
        rep = import_paths(b, [tmp_path / "train.spacy"])  # detected by its extension
        assert not rep.problems and rep.spans == 10 and rep.relations == 3
        assert sorted((s.id, s.annotator, s.note) for s in b.spans()) == sorted(
            (s.id, s.annotator, s.note) for s in filled.spans())


def test_spacy_export_without_spacy_says_how_to_get_it(filled: AnnotationStore, db_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # fmt: skip
    import sys

    from click.testing import CliRunner

    from tui_reader.cli import main

    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` now raises ImportError, as when not installed
    r = CliRunner().invoke(main, ["export", "--db", str(db_path), "--format", "spacy", "-o", str(tmp_path / "x.spacy")])
    assert r.exit_code == 1
    assert r.stderr == "tui-reader: the spacy format needs spaCy: pip install 'tui-reader[spacy]'\n"
    assert not (tmp_path / "x.spacy").exists()


# -- Label Studio ---------------------------------------------------------------------------------------------------


def test_label_studio_sdk_validates_every_annotation_and_prediction(filled: AnnotationStore, tmp_path: Path) -> None:
    from label_studio_sdk.label_interface import LabelInterface

    lone = next(s for s in filled.spans() if s.label == "my_label")  # in no relation
    filled.update_span(lone.id, status="suggested")  # one suggestion: a prediction
    export(filled, "labelstudio", tmp_path / "tasks.json", filters=Filters(statuses=("accepted", "suggested")))
    li = LabelInterface((tmp_path / "labelstudio-config.xml").read_text("utf-8"))
    tasks = json.loads((tmp_path / "tasks.json").read_text("utf-8"))
    annotations = [a for t in tasks for a in t["annotations"]]
    predictions = [p for t in tasks for p in t.get("predictions", [])]
    assert len(annotations) == 3 and len(predictions) == 1  # news-1: alice, bob; news-2: alice; one suggestion
    for a in annotations:
        assert li.validate_annotation(a)
    for p in predictions:
        assert li.validate_prediction(p, return_errors=True) == []
    relation_labels = {lb for a in annotations for r in a["result"] if r["type"] == "relation" for lb in r["labels"]}
    assert relation_labels == {"attributed to", "cites"}
    assert relation_labels <= set(_relation_values(li.config))  # declared in the config's <Relations>
    broken = json.loads(json.dumps(annotations[0]))
    broken["result"][0]["value"]["labels"] = ["not a label of the config"]
    assert not li.validate_annotation(broken)  # the SDK does check: a wrong label fails


def _relation_values(config: str) -> list[str]:
    import xml.etree.ElementTree as ET

    return [el.get("value", "") for el in ET.fromstring(config).iter("Relation")]


def test_label_studio_offsets_are_code_points_as_its_own_test_expects(tmp_path: Path) -> None:
    """web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts in HumanSignal/label-studio: `test` in
    "🐱 Warning: This is a test text" is at 21..25 (UTF-16 would be 22..26)."""
    from tui_reader.importing import import_paths
    from tui_reader.models import Document

    text = "🐱 Warning: This is a test text"
    task = {"data": {"text": text}, "annotations": [{"completed_by": 1, "result": [
        {"id": "a1", "from_name": "tag", "to_name": "text", "type": "labels",
         "value": {"start": 21, "end": 25, "text": "test", "labels": ["region"]}}]}]}  # fmt: skip
    f = tmp_path / "ls.json"
    f.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    with AnnotationStore(tmp_path / "a.db") as s:
        assert not import_paths(s, [f]).problems
        assert [(x.start, x.end, x.text, x.annotator) for x in s.spans()] == [(21, 25, "test", "label-studio-user-1")]
        s.add_document(Document(id="e", text=text))
    with AnnotationStore(tmp_path / "b.db") as s:
        s.add_document(Document(id="e", text=text))
        s.add_span("e", 21, 25, "region")
        got = json.loads(export_to_string(s, "labelstudio"))
    assert got[0]["annotations"][0]["result"][0]["value"] == {"start": 21, "end": 25, "text": "test", "labels": ["region"]}


# -- W3C / JSON-LD --------------------------------------------------------------------------------------------------


def _expand(annotations: list[dict]) -> list[dict]:
    from pyld import jsonld

    context = json.loads(ANNO_CONTEXT.read_text("utf-8"))

    def loader(url: str, options: dict | None = None) -> dict:
        assert url == "http://www.w3.org/ns/anno.jsonld", url  # nothing else, and never the network
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": context}

    return [jsonld.expand(a, {"documentLoader": loader})[0] for a in annotations]


def test_pyld_expands_every_annotation_with_absolute_sources_and_integer_positions(filled: AnnotationStore) -> None:
    annos = [json.loads(x) for x in export_to_string(filled, "w3c").splitlines()]
    expanded = _expand(annos)
    spans = [e for e in expanded if e[OA + "motivatedBy"][0]["@id"] == OA + "tagging"]
    links = [e for e in expanded if e[OA + "motivatedBy"][0]["@id"] == OA + "linking"]
    assert len(spans) == 10 and len(links) == 3
    texts = {r.doc.id: r.doc.text for r in corpus()}
    exact = {}
    for e in spans:
        assert e["@type"] == [OA + "Annotation"]
        target = e[OA + "hasTarget"][0]
        source = target[OA + "hasSource"][0]["@id"]
        assert source.startswith("urn:tui-reader:doc:")  # absolute: JSON-LD keeps it as it is, whatever the base
        sel = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        pos = sel[OA + "TextPositionSelector"]
        start, end = (int(pos[OA + k][0]["@value"]) for k in ("start", "end"))
        assert pos[OA + "start"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
        quote = sel[OA + "TextQuoteSelector"][OA + "exact"][0]["@value"]
        assert texts[source.removeprefix("urn:tui-reader:doc:")][start:end] == quote  # code points
        exact[e["@id"]] = quote
    by_id = {s.id: s for r in corpus() for s in r.spans}
    got = []
    for e in links:
        head = e[OA + "hasTarget"][0]["@id"]
        bodies = e[OA + "hasBody"]
        tag = next(b for b in bodies if b.get(OA + "hasPurpose", [{}])[0].get("@id") == OA + "tagging")
        link = next(b for b in bodies if b.get(OA + "hasPurpose", [{}])[0].get("@id") == OA + "linking")
        got.append((tag["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"], exact[head],
                    exact[link[OA + "hasSource"][0]["@id"]]))  # fmt: skip
    assert sorted(got) == sorted((r.label, by_id[r.head].text, by_id[r.tail].text) for r in corpus()[0].relations)


def test_a_bare_document_id_was_a_relative_iri(filled: AnnotationStore) -> None:
    """Why target.source changed: an old export's bare id resolves against each consumer's own base."""
    from pyld import jsonld

    anno = json.loads(export_to_string(filled, "w3c").splitlines()[0])
    anno["target"]["source"] = "news-1"
    context = json.loads(ANNO_CONTEXT.read_text("utf-8"))
    loader = lambda url, options=None: {"contextUrl": None, "documentUrl": url, "document": context}  # noqa: E731
    one = jsonld.expand(anno, {"documentLoader": loader, "base": "https://a.example/x/"})[0]
    two = jsonld.expand(anno, {"documentLoader": loader, "base": "https://b.example/y/"})[0]
    src = [e[OA + "hasTarget"][0][OA + "hasSource"][0]["@id"] for e in (one, two)]
    assert src == ["https://a.example/x/news-1", "https://b.example/y/news-1"]  # two names for one document
