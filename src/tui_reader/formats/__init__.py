"""Export/import formats, one module each. A format module provides:

- `NAME` (what `--format` takes), `DIRECTORY` (True when it writes a folder, like brat) and `EXTENSION`
  (".jsonl", ".csv", or "" for a folder): what the app's "export: <fmt>" command names its output with;
- `write(records, out, *, offsets)`: `out` is a text stream (or a folder Path when DIRECTORY); returns spans written;
- `read(path, *, offsets)`: yields `Record` or `Problem` (one per bad line, naming the line);
- `sniff(obj)`: for JSON-lines formats, True when a parsed first line looks like this format;
  `sniff_file(path)`: for a whole-file format (a JSON array), True when the file looks like this format.

Optional flags the importer reads:

- `NEEDS_DOCUMENTS = True`: the format does not carry the document text (w3c, csv); `read` then takes a
  `documents` keyword, a function from a document id (or source) to the stored `Document` or None;
- `SPAN_IDS = False`: the format does not carry span ids (doccano, prodigy, brat, csv); on import a span equal to
  one already stored (same document, start, end, label, annotator) is skipped, so importing twice adds nothing
  (a relation to such a span is re-pointed at the stored span; one equal to a stored relation is skipped).

Export hooks (the exporter reads them; `write` then takes the matching keyword):

- `OFFSETS` (+ `OFFSETS_REASON`): the only units the format has (w3c, labelstudio, spacy: code points);
  another `--offsets` is refused with the reason;
- `BINARY = True`: `write` gets the output file's Path and writes it itself (spacy);
- `WARNS = True`: `write` gets `warn`, a function taking one line (overlaps doccano drops, relations left out);
- `RELATION_SHAPE = True`: `write` gets `with_relations`, whether the export holds relations (doccano);
- `BESIDE = "name"`: `write` gets `beside`, the Path of a file to write next to the output, or None for stdout
  (labelstudio's labelling config).

Relations (Record.relations) are written and read back by jsonl, brat, doccano, w3c, labelstudio and spacy;
prodigy and csv do not carry them (docs/formats.md).
"""

from __future__ import annotations

from types import ModuleType

from tui_reader.formats import brat, csv_rows, doccano, jsonl, labelstudio, prodigy, spacy_docbin, w3c

FORMATS: dict[str, ModuleType] = {
    m.NAME: m for m in (jsonl, doccano, prodigy, brat, w3c, csv_rows, labelstudio, spacy_docbin)
}


def get(name: str) -> ModuleType:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})") from None
