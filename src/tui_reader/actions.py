"""Every user action, declared once: its keys, what it does, where it applies, its footer, palette and help text.

Plain data (no Textual). From this one table come:

- the key bindings of the reader (`Scope.APP`), of a reading pane (`Scope.PANE`), of the adjudication screen
  (`Scope.ADJUDICATE`), of the lists and of each dialog: `tui.commands.bindings_for(scope)` turns the entries
  into Textual `Binding`s;
- the command palette: every entry with a `palette` title (`tui.commands.palette_commands`);
- the `?` help screen and README's keymap: the rows of `help_rows()` (`keymap.KEYMAP`);
- the reader's main-screen actions, switched off while a dialog is open (`main_actions()`).

Adding a key is one line here plus its `action_...` handler on the widget of its scope.
`Scope.TEXTUAL` entries are keys Textual itself binds (focus, the palette): listed for the help only.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple


class Scope(StrEnum):
    APP = "app"  # the reader's main screen (ReaderApp)
    PANE = "pane"  # the focused reading pane (DocumentView)
    ADJUDICATE = "adjudicate"  # the adjudication screen (J)
    LIST = "list"  # the document and span lists (and the adjudication screen's list)
    HELP = "help"  # the dialogs: help (?), yes/no question, document picker (o), note editor (e), search (/)
    CONFIRM = "confirm"
    PICKER = "picker"
    NOTE = "note"
    SEARCH = "search"
    CHOICE = "choice"  # a numbered choice (which relation type, which relation to delete)
    TEXTUAL = "textual"  # bound by Textual itself; shown in the help only


class Action(NamedTuple):
    """One user action. `action` is the handler call (`tag('1')` runs `action_tag('1')` on the scope's widget).

    A NamedTuple (immutable, like the frozen dataclass it was): the ~130 entries are built at every start-up, and a
    tuple is built several times faster than a frozen dataclass (which sets each field through object.__setattr__).
    """

    scope: Scope
    keys: str  # Textual key names, comma-separated ("x,delete"); "" for palette-only actions
    action: str
    description: str = ""  # the footer's word (and the pane's palette title)
    show: bool = False  # in the footer
    key_display: str | None = None
    palette: str = ""  # palette title; "{label}" / "{fmt}" make one command per label key / export format
    palette_help: str = ""
    help: tuple[str, str] | None = None  # the help row (keys, text) this entry opens; None: an earlier row covers it
    # (component, method, *leading args): the reader's handler is generated to call app.<component>.<method>
    # (a dotted component names a part of one: "assist.learning")
    # with these and the action's own arguments (`tag('2')` -> app.editing.tag('2')); () : the owner defines it
    run: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The handler's name without arguments: `tag('1')` -> `tag`."""
        return self.action.split("(", 1)[0]

    @property
    def shown_key(self) -> str:
        """The key as the palette and footer show it."""
        return self.key_display or self.keys.split(",")[0]


A, P, J, T = Scope.APP, Scope.PANE, Scope.ADJUDICATE, Scope.TEXTUAL
ARROWS = ("arrows, h j k l", "move the cursor; w / b next / previous word; W / B next / previous WORD (white space "
                             "apart: U.S. is one WORD, four words); ( ) sentence; { } paragraph; g / G top / bottom; "
                             "pgup / pgdn")  # fmt: skip
FIND = ("f / t / F / T + a character", "to the character's next occurrence on the line / just before it / its "
        "previous one / just after that; ; repeats, , repeats backwards (a space or straight quote also finds a "
        "non-breaking space or curly quote)")  # fmt: skip
OBJECTS = ("a / i in visual mode", "+ a text object selects it: \" or ' a quotation (a: with its marks, i: "
           "inside them), s sentence, p paragraph, w word, W WORD, ( [ { brackets; so va\"2 tags the quote under "
           "the cursor, vis1 the sentence")  # fmt: skip
J_KEYS = ("J", "adjudicate the focused document: its disagreements one by one into the gold layer "
               "(a / b keep side A / B, + both, - neither, n / p next / previous, u undo, esc back)")  # fmt: skip
PALETTE_KEYS = ("ctrl+p", "command palette (every action is there too; \"suggest: this document\" / \"suggest: all "
                          "documents\" store rule suggestions)")  # fmt: skip

# The order is the help's order; within one scope it is the bindings' order (the footer shows them so).
ACTIONS: tuple[Action, ...] = (
    Action(T, "tab", "focus_next", help=("tab", "focus the other pane (from a list: back to the pane; with one "
                                                "document open: the lists in turn)")),
    Action(T, "shift+tab", "focus_previous", help=("shift+tab", "focus the lists: the pane's spans, then the "
                                                                "documents, then back to the pane")),  # fmt: skip
    # -- the reading pane: motions, selection, spans, search ---------------------------------------------------
    Action(P, "left,h", "left", "Left", help=ARROWS),
    Action(P, "right,l", "right", "Right"),
    Action(P, "up,k", "up", "Up"),
    Action(P, "down,j", "down", "Down"),
    Action(P, "shift+left", "left(True)", "Extend left"),
    Action(P, "shift+right", "right(True)", "Extend right"),
    Action(P, "shift+up", "up(True)", "Extend up"),
    Action(P, "shift+down", "down(True)", "Extend down"),
    Action(P, "w", "word_next", "Next word"),
    Action(P, "b", "word_prev", "Previous word"),
    Action(P, "right_parenthesis", "sentence_next", "Next sentence"),
    Action(P, "left_parenthesis", "sentence_prev", "Previous sentence"),
    Action(P, "right_curly_bracket", "paragraph_next", "Next paragraph"),
    Action(P, "left_curly_bracket", "paragraph_prev", "Previous paragraph"),
    Action(P, "W,shift+w", "big_word_next", "Next WORD", key_display="W"),
    Action(P, "B,shift+b", "big_word_prev", "Previous WORD", key_display="B"),
    Action(P, "f", "find_char('f')", "Find character", help=FIND),
    Action(P, "t", "find_char('t')", "Till character"),
    Action(P, "F,shift+f", "find_char('F')", "Find character backwards", key_display="F"),
    Action(P, "T,shift+t", "find_char('T')", "Till character backwards", key_display="T"),
    Action(P, "semicolon", "repeat_find", "Repeat find", key_display=";"),
    Action(P, "comma", "repeat_find(True)", "Repeat find backwards", key_display=","),
    Action(P, "g", "top", "Top"),
    Action(P, "G,shift+g", "bottom", "Bottom"),
    Action(P, "pageup", "page_up", "Page up"),
    Action(P, "pagedown", "page_down", "Page down"),
    Action(P, "home", "line_home", "Line start"),
    Action(P, "end", "line_end", "Line end"),
    Action(P, "shift+home", "line_home(True)", "Extend to line start"),
    Action(P, "shift+end", "line_end(True)", "Extend to line end"),
    Action(P, "v", "toggle_visual", "Visual select", show=True,
           help=("v", "start / end a selection at the cursor (visual mode); shift+arrows also extend; mouse drag "
                      "selects")),  # fmt: skip
    Action(P, "escape", "cancel", "Cancel selection"),
    Action(P, "s", "select_sentence", "Sentence", show=True, help=("s", "select the sentence under the cursor")),
    Action(P, "a", "text_object(True)", help=OBJECTS),  # in visual mode only: otherwise `a` accepts (the app's)
    Action(P, "i", "text_object(False)"),
    *(Action(P, "", f"select_object('{spec}')", f"Select {what}", key_display=f"v{spec}")
      for spec, what in (('a"', "a quotation with its marks"), ('i"', "inside a quotation"),
                         ("a'", "a single-quoted quotation with its marks"), ("i'", "inside single quotes"),
                         ("is", "the sentence"), ("ip", "the paragraph"), ("iw", "the word"), ("iW", "the WORD"),
                         ("a(", "a parenthesis with its brackets"), ("i(", "inside parentheses"),
                         ("a[", "a square bracket with its brackets"), ("i[", "inside square brackets"))),
    # -- tagging and editing (the reader) ----------------------------------------------------------------------
    Action(A, "1", "tag('1')", "tag", show=True, key_display="1-9", palette="tag: {label}",
           palette_help="Tag the selection as {label}",
           help=("1..9", "tag the selection with label N (1 claim, 2 quote, 3 statistic, 4 anonymous source; a "
                         "suggestion of that label it overlaps is replaced); with no selection, relabel the span under "
                         "the cursor (a suggestion is accepted, and the cursor moves on as with a)"), run=('editing', 'tag')),
    *(Action(A, str(k), f"tag('{k}')", "tag", palette="tag: {label}", palette_help="Tag the selection as {label}", run=('editing', 'tag'))
      for k in range(2, 10)),  # fmt: skip
    Action(P, "right_square_bracket", "next_span", "Next span", show=True,
           help=("] / [", "next / previous span (suggestions too)")),
    Action(P, "left_square_bracket", "prev_span", "Prev span"),
    Action(P, "n", "search_next", "Next match"),  # the reader's n/N when no search is on: the pane passes them on
    Action(P, "N,shift+n", "search_prev", "Prev match"),
    Action(A, "x,delete", "delete_span", "delete", show=True, key_display="x", palette="delete span",
           palette_help="Delete the span under the cursor (a suggestion: reject it)",
           help=("x or delete", "delete the span under the cursor (a suggestion is rejected, as with r, so it is not "
                                "suggested again)"), run=('editing', 'delete_span')),  # fmt: skip
    Action(A, "e", "edit_note", "note", show=True, palette="edit note",
           palette_help="Edit the note of the span under the cursor",
           help=("e", "edit the note of the span under the cursor"), run=('editing', 'edit_note')),
    Action(A, "a", "accept", "accept", palette="accept suggestion", palette_help="Accept the suggestion under the "
           "cursor and move to the next", help=("a / r", "accept / reject the suggestion under the cursor and move "
                                                "to the next one (a: outside visual mode)"), run=('editing', 'set_status', 'accepted')),  # fmt: skip
    Action(A, "r", "reject", "reject", palette="reject suggestion",
           palette_help="Reject the suggestion under the cursor and move to the next", run=('editing', 'set_status', 'rejected')),
    Action(A, "greater_than_sign", "next_suggestion", "next suggestion", key_display=">",
           palette="next suggestion", palette_help="The next suggestion; after this document's last, the next "
           "document that has suggestions", help=(">", "next suggestion; after the document's last, open the next "
                                                       "document that has suggestions"), run=('editing', 'next_suggestion')),  # fmt: skip
    Action(A, "less_than_sign", "prev_suggestion", "previous suggestion", key_display="<",
           palette="previous suggestion", palette_help="The previous suggestion; before this document's first, the "
           "previous document that has suggestions", help=("<", "previous suggestion; before the document's first, "
                                                            "open the previous document that has suggestions"),
           run=('editing', 'prev_suggestion')),  # fmt: skip
    Action(A, "A", "accept_all", "accept all", palette="accept all suggestions",
           palette_help="Accept every suggestion in this pane",
           help=("A / R", "accept / reject every suggestion in the focused pane (asks first; one undo step); with a "
                          "selection, those inside it (vipA: a paragraph's)"), run=('editing', 'set_status_all', 'accepted')),  # fmt: skip
    Action(A, "R", "reject_all", "reject all", palette="reject all suggestions",
           palette_help="Reject every suggestion in this pane", run=('editing', 'set_status_all', 'rejected')),
    Action(A, "L", "link_echo", "link echo", palette="link echo",
           palette_help="Link the span under the cursor with its echo in the other pane",
           help=("L", "link the span under the cursor with its echo in the other pane (echoes are marked there)"), run=('assist', 'link_echo')),
    Action(A, "m", "relate", "relate", palette="relation: start / complete", palette_help="Start a "
           "relation at the span under the cursor; on the other span, complete it", help=("m", "relation: m on the "
           "span it starts at (quote, claim, statistic), move to the span it rests on, m again; esc cancels"), run=('relating', 'relate')),
    Action(A, "escape", "cancel_relation", palette="relation: cancel", palette_help="Cancel the relation begun with m", run=('relating', 'cancel')),
    Action(A, "percent_sign", "jump_relation", "other end", key_display="%", palette="relation: jump to the other "
           "end", palette_help="Move to the other end of the span's relation (again: the next relation)",
           help=("%", "jump to the other end of the span's relation (again: the next one)"), run=('relating', 'jump')),
    Action(A, "X,shift+x", "delete_relation", "delete relation", key_display="X", palette="relation: delete",
           palette_help="Delete a relation of the span under the cursor (asks which when several)",
           help=("X", "delete a relation of the span under the cursor (asks which when several)"), run=('relating', 'delete')),
    Action(A, "", "suggest(False)", palette="suggest: this document", palette_help="Store rule suggestions (quotes, "
           "statistics, anonymous sources) for the document in the active pane", run=('assist', 'suggest')),  # fmt: skip
    Action(A, "", "suggest(True)", palette="suggest: all documents",
           palette_help="Store rule suggestions for every document in the database", run=('assist', 'suggest')),
    Action(A, "", "review_suggestions", palette="review: suggestions", palette_help="Walk every suggestion of the "
           "corpus in document order (a / r / a label key / x / e on each); again: end the review", run=('review_mode', 'toggle')),  # fmt: skip
    Action(A, "", "rename_document", palette="rename document",
           palette_help="Give the document in the active pane another title (u undoes)", run=('loader', 'rename')),
    Action(A, "", "learn", palette="learn: train suggestions from my decisions", palette_help="Train your suggestion "
           "model from your accepts, rejects and tags, in the background (it also retrains as you work)",
           run=("assist.learning", "learn")),
    Action(A, "", "suggestion_precision", palette="suggestions: how precise", palette_help="How many suggestions "
           "of each label you accepted and rejected so far, and your model's state",
           run=("assist.learning", "show_precision")),
    Action(A, "u", "undo", "undo", show=True, palette="undo", palette_help="Undo your last change (also after a "
           "restart)", help=("u / ctrl+r", "undo / redo; the cursor goes to the span changed"), run=('editing', 'travel', 'undo')),  # fmt: skip
    Action(A, "ctrl+r", "redo", "redo", palette="redo", palette_help="Redo what was undone", run=('editing', 'travel', 'redo')),
    Action(A, "y", "copy", "copy", show=True, palette="copy",
           palette_help="Copy the selection or the span under the cursor",
           help=("y", "copy the selection, or the span under the cursor, to the clipboard"), run=('reading', 'copy')),
    Action(A, "slash", "search", "search", show=True, key_display="/", palette="search",
           palette_help="Find text in this pane", help=("/ , n , N", "search (as vim with smartcase: a capital makes case matter; a space or straight "
                                                 "quote also finds a non-breaking space or curly quote; the status line "
                                                 "says \"3 of 17\"), next match, previous match"), run=('reading', 'search')),
    Action(A, "n", "search_again(True)", "next match", palette="next match",
           palette_help="The next match of the search", run=('reading', 'search_again')),
    Action(A, "N,shift+n", "search_again(False)", "previous match", palette="previous match",
           palette_help="The previous match of the search", run=('reading', 'search_again')),
    Action(A, "o", "open_document", "open", show=True, palette="open document",
           palette_help="Open another document in this pane", help=("o", "open another document in this pane"), run=('reading', 'open_document')),
    Action(A, "d", "toggle_done", "done", show=True, palette="toggle done",
           palette_help="Mark this document done, or back in progress",
           help=("d", "mark the document done (again: back to in progress)"), run=('reading', 'toggle_done')),
    Action(A, "O,shift+o", "toggle_others", "others", key_display="O", palette="show other annotators",
           palette_help="Show or hide the other annotators' spans (read-only) beside yours",
           help=("O", "show / hide the other annotators' spans beside yours (read-only; the status line names "
                      "whose)"), run=('team', 'toggle_others')),  # fmt: skip
    Action(A, "J,shift+j", "adjudicate", "adjudicate", key_display="J", palette="adjudicate",
           palette_help="Settle this document's disagreements into the gold layer", help=J_KEYS, run=('team', 'adjudicate')),
    Action(A, "", "export('{fmt}')", palette="export: {fmt}",
           palette_help="Write exports/{db}-{fmt}… beside the database"),
    Action(T, "ctrl+p", "command_palette", help=PALETTE_KEYS),
    Action(A, "question_mark", "help", "help", show=True, key_display="?", palette="help",
           palette_help="Keys and labels", help=("?", "help with this table")),
    Action(A, "q", "quit", "quit", show=True, help=("q", "quit (nothing is ever unsaved)")),
    # -- the adjudication screen (J) ---------------------------------------------------------------------------
    Action(J, "a", "keep('a')", "side A", show=True),
    Action(J, "b", "keep('b')", "side B", show=True),
    Action(J, "c", "keep('c')", "side C"),
    Action(J, "d", "keep('d')", "side D"),
    Action(J, "plus,equals_sign", "keep('both')", "both", show=True, key_display="+"),
    Action(J, "minus,x", "keep('neither')", "neither", show=True, key_display="-"),
    Action(J, "n,down,j", "move(1)", "next", show=True, key_display="n"),
    Action(J, "p,up,k", "move(-1)", "previous", show=True, key_display="p"),
    Action(J, "u", "undo", "undo", show=True),
    Action(J, "escape,q", "leave", "back", show=True, key_display="esc"),
    # -- the lists and the dialogs -----------------------------------------------------------------------------
    Action(Scope.LIST, "up,k", "move(-1)", "Up"),
    Action(Scope.LIST, "down,j", "move(1)", "Down"),
    Action(Scope.LIST, "pageup", "page(-1)", "Page up"),
    Action(Scope.LIST, "pagedown", "page(1)", "Page down"),
    Action(Scope.LIST, "home,g", "first", "First"),
    Action(Scope.LIST, "end,G,shift+g", "last", "Last"),
    Action(Scope.LIST, "enter", "choose", "Open"),
    Action(Scope.HELP, "escape,q,question_mark", "close", "close", show=True),
    Action(Scope.CONFIRM, "y", "answer(True)", "yes", show=True),
    Action(Scope.CONFIRM, "n,escape", "answer(False)", "no", show=True),
    Action(Scope.PICKER, "escape", "cancel", "cancel", show=True),
    Action(Scope.PICKER, "down", "move(1)"),
    Action(Scope.PICKER, "up", "move(-1)"),
    Action(Scope.NOTE, "ctrl+s", "save", "save", show=True),
    Action(Scope.NOTE, "escape", "cancel", "cancel", show=True),
    Action(Scope.SEARCH, "escape", "cancel", "cancel", show=True),
    Action(Scope.CHOICE, "1", "choose(1)", "choose", show=True, key_display="1-9"),
    *(Action(Scope.CHOICE, str(k), f"choose({k})", "choose") for k in range(2, 10)),
    Action(Scope.CHOICE, "escape", "choose(0)", "cancel", show=True),
)  # fmt: skip


def actions(scope: Scope, table: Iterable[Action] | None = None) -> list[Action]:
    """The entries of one scope, in table order."""
    return [a for a in (ACTIONS if table is None else table) if a.scope is scope]


def main_actions(table: Iterable[Action] | None = None) -> frozenset[str]:
    """The reader's actions that act on the main screen only (a dialog on top switches them off)."""
    return frozenset(a.name for a in actions(Scope.APP, table) if a.name != "quit")


def help_rows(table: Iterable[Action] | None = None) -> tuple[tuple[str, str], ...]:
    """(keys, text) rows of the help screen and README, in table order."""
    return tuple(a.help for a in (ACTIONS if table is None else table) if a.help is not None)
