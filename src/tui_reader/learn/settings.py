"""Settings shared by the learner's modules (the CRF's and what its suggestions may be)."""

from __future__ import annotations

MODEL_NAME = "crf"
MODEL_ORIGIN = f"model:{MODEL_NAME}"
CUE_ORIGIN = "model:cues"
PROPAGATE_ORIGIN = "propagate"
MAX_ITERATIONS = 30  # L-BFGS iterations per label
QUIET_KEPT = 3  # of paragraphs where nothing happened for a label, one in this many is trained on
C1, C2 = 0.5, 0.001  # L-BFGS regularisation (L1, L2), chosen by cross-validation on the dev split
MIN_MODEL_SCORE = 0.7  # chosen by cross-validation on dev (pre-issue rules): additions at the rules' precision or better
MIN_SPANS_TO_SUGGEST = 10  # a label's model adds suggestions of its own once it has learnt from this many spans
SCORE_STEPS = (0.7, 0.8, 0.9, 0.95)  # thresholds the self-check tries, lowest first
FILTER_TRAIN_WORDS = 30_000  # beyond this many words the learned filter learns from a sample (its fit is pure Python)
MAX_TRAIN_WORDS = 60_000  # beyond this many words of decided documents the CRF learns from a sample of them
SELF_CHECK_WORDS = 20_000  # the self-check uses decided documents of about this many words
MIN_CRF_RIGHT = 1  # additions the CRF self-check must have seen right (0: suggest when none was wrong)
MIN_SELF_PRECISION = 0.9  # a label's additions must have been this precise on the annotator's held-out decisions
# The model does not see the rules' outputs: it learns what the words look like, and so can add what the rules
# miss (a model that saw them learnt "copy the rule" and added nothing, as measured on the dev split).
