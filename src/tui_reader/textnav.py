"""Text navigation, no Textual: one import for the pane and the tests, the names of three modules.

- `textmotion.py`: motions over graphemes, words, WORDs, sentences, paragraphs; `cluster_range`, `trimmed`;
- `textobjects.py`: vim's f / t / F / T finds and the text objects (`i` / `a` + object);
- `textsearch.py`: the literal search (`LiteralSearch`) and the search run ahead while a query is typed
  (`SearchAhead`).

Every function takes the whole text and a code-point offset and looks only near that offset (cost grows with the
distance moved, never with the size of the text), so motions on a 50 MB text cost what they cost on 10 KB.
"""

from __future__ import annotations

from .textmotion import (  # noqa: F401 - re-exported
    _PREPEND,
    cluster_range,
    grapheme_start,
    graphemes,
    last_grapheme,
    next_grapheme,
    next_paragraph,
    next_sentence,
    next_WORD,
    next_word,
    prev_grapheme,
    prev_paragraph,
    prev_sentence,
    prev_WORD,
    prev_word,
    sentence_at,
    sentence_start,
    trimmed,
    word_at,
)
from .textobjects import TEXT_OBJECTS, bracket_pair, find_char, quote_kind, quote_pair, text_object  # noqa: F401
from .textsearch import (  # noqa: F401 - re-exported
    _STANDS_FOR,
    DOUBLE_MARKS,
    SINGLE_MARKS,
    SPACES,
    LiteralSearch,
    SearchAhead,
    char_class,
)
