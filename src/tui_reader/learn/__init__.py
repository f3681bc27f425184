"""Suggestions that learn from the annotator: propagation, a trained CRF, and how precise suggestions have been.

Every decision is training data: an accepted suggestion and a manual tag are positive, a rejected suggestion is
negative (a relabelled span counts under its new label).

- *Propagation* (INCEpTION's string-matching recommender): text the annotator tagged with a label is suggested
  wherever else it occurs in the corpus (same normalised text: case, runs of white space and curly/straight quote
  marks do not matter; whole words only). Text rejected with a label at least as often as it was accepted is not
  propagated, and no suggestion of any origin (rule, propagation, model) with that text and label is made again:
  rejected stays rejected.
- *A CRF* (python-crfsuite), one per label, over the tokens of each paragraph. It sees for each token: the word
  lower-cased, its shape (Xxxx, dd,ddd, ...), prefix/suffix, whether it is a number or number word, capitalised,
  a quote mark, a speech verb, a person noun, the same for the two words on either side, which verb of saying
  governs it, whether it is inside quote marks. It does not see the rules' outputs (a model that did learnt to
  copy them and added nothing). Documents the annotator decided anything in are its training data: tokens
  inside their accepted spans are positive, every other token is outside. The model's suggestions carry origin
  "model:crf" and attrs {"score": mean marginal probability of the span}; it adds only what no rule or
  propagation suggests, for labels learnt from MIN_SPANS_TO_SUGGEST spans or more, keeping the rules'
  conventions (`_sane`), and only at a score where its additions were precise on the annotator's own decisions
  it did not learn from (the self-check, `_self_check`; MIN_MODEL_SCORE at least).
- Training is kept within seconds for a few hundred articles: features once per text (`text_items`, one crfsuite
  ItemSequence per paragraph, shared by every label and cached), paragraphs with a decision of the label and one
  in QUIET_KEPT of the others, MAX_ITERATIONS of L-BFGS, and beyond MAX_TRAIN_WORDS a sample of the documents.
- *Learned cues* (`learn_cues`, `cue_additions`): the head nouns and attributing verbs of the annotator's tagged
  anonymous sources that no list of the rule holds are added to the rule's group-source patterns
  (`suggest.rule_anonymous_source(heads=..., verbs=...)`); what that finds with a learned word is suggested
  (origin "model:cues"), except a head and verb rejected together. Kept in the model's meta ("anon_cues").
- `suggestion_decisions` counts, per label, the suggestions an annotator accepted and rejected.

Core only: no Textual, no SQL (the store's `save_model` / `load_model` hold the model bytes).

Modules: `decisions` (decisions, excerpts, samples), `propagate` (Memory, propagation), `features` (tokens and
the CRF's features), `checks` (what a model suggestion must look like), `cues` (learned cues), `crf` (the CRF,
its training and self-check), `suggesting` (everything together, `learn`, `load_learner`), `precision` (how
precise suggestions have been), `suppress` (the learned suppressor of rule suggestions), `bounds` (learned span
boundaries: the annotator's corrections of suggestions' extents, applied to every suggestion), `settings`. Every public name is importable from `tui_reader.learn`.
"""

from __future__ import annotations

from tui_reader.learn.bounds import MIN_EDIT_APPLIED, adjust, describe_bounds, train_bounds
from tui_reader.learn.checks import _model_additions, _sane
from tui_reader.learn.crf import CrfModel, TrainReport, describe_feature, describe_state, train
from tui_reader.learn.cues import (
    MIN_CUE_SPANS,
    anon_cue,
    cue_additions,
    cue_lexicon,
    learn_cues,
)
from tui_reader.learn.decisions import BIG_TEXT, EXCERPT_CONTEXT, Decisions, decisions, excerpts
from tui_reader.learn.features import (
    FEATURE_CACHE_TEXTS,
    clear_feature_cache,
    text_items,
    token_features,
    tokenize,
)
from tui_reader.learn.filter import FILTER_ORIGIN, candidates, train_filter
from tui_reader.learn.precision import (
    format_suggestion_decisions,
    suggestion_decisions,
    suggestion_decisions_by_annotator,
)
from tui_reader.learn.propagate import Memory, norm_key, propagate_text
from tui_reader.learn.settings import (
    C1,
    C2,
    CUE_ORIGIN,
    MAX_ITERATIONS,
    MAX_TRAIN_WORDS,
    MIN_MODEL_SCORE,
    MIN_SELF_PRECISION,
    MIN_SPANS_TO_SUGGEST,
    MODEL_NAME,
    MODEL_ORIGIN,
    PROPAGATE_ORIGIN,
    QUIET_KEPT,
    SCORE_STEPS,
    SELF_CHECK_WORDS,
)
from tui_reader.learn.suggesting import (
    Learner,
    follow_gold,
    learn,
    learned_suggestions,
    load_learner,
    store_learned_suggestions,
)
from tui_reader.suggest import suggest_text

__all__ = [
    "BIG_TEXT", "C1", "C2", "CUE_ORIGIN", "EXCERPT_CONTEXT", "FEATURE_CACHE_TEXTS", "MAX_ITERATIONS",
    "MAX_TRAIN_WORDS", "MIN_CUE_SPANS", "MIN_MODEL_SCORE", "MIN_SELF_PRECISION", "MIN_SPANS_TO_SUGGEST",
    "MODEL_NAME", "MODEL_ORIGIN", "PROPAGATE_ORIGIN", "QUIET_KEPT", "SCORE_STEPS", "SELF_CHECK_WORDS",
    "FILTER_ORIGIN", "candidates", "train_filter", "MIN_EDIT_APPLIED", "adjust", "describe_bounds", "train_bounds", "CrfModel", "Decisions", "Learner", "Memory", "TrainReport", "_model_additions", "_sane", "anon_cue",
    "clear_feature_cache", "cue_additions", "cue_lexicon", "decisions", "describe_feature", "describe_state",
    "excerpts", "follow_gold", "format_suggestion_decisions", "learn", "learn_cues", "learned_suggestions",
    "load_learner", "norm_key", "propagate_text", "store_learned_suggestions", "suggest_text",
    "suggestion_decisions", "suggestion_decisions_by_annotator", "text_items", "token_features", "tokenize",
    "train",
]  # fmt: skip
