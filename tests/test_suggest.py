"""Rule suggestions: each rule on real news phrasing (what it must find and what it must leave alone), the
gold-set quality floor on the five seeds, storing as status=suggested without duplicates, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.cli import main
from tui_reader.importing import import_paths
from tui_reader.models import LabelSet
from tui_reader.store import AnnotationStore
from tui_reader.suggest import (
    DEFAULT_RULES,
    Suggestion,
    rules_for_labels,
    rules_from_toml,
    store_suggestions,
    suggest_text,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "data" / "gold_seeds.jsonl"


def found(text: str, label: str) -> list[str]:
    return [text[s.start : s.end] for s in suggest_text(text) if s.label == label]


# --- quotes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("“They are bad news,” President Trump said aboard Air Force One.", "“They are bad news,”", "President Trump"),
        ('"We will not back down," Prime Minister Keir Starmer told reporters on Tuesday.',
         '"We will not back down,"', "Prime Minister Keir Starmer"),
        ("“This is a disaster,” said Jane Doe, a spokeswoman for the group.", "“This is a disaster,”", "Jane Doe"),
        ("“The cartels’ weaponry make a military solution risky,” warns Schingh.",
         "“The cartels’ weaponry make a military solution risky,”", "Schingh"),
        ('While speaking to Congress in March, Trump said, “The cartels are waging war on America.”',
         "“The cartels are waging war on America.”", "Trump"),
        ('"The threats cartels pose are real," a senior administration official told NBC.',
         '"The threats cartels pose are real,"', "a senior administration official"),
        # mixed straight opening and curly closing mark, as pasted copy often has
        ('"The Administration is declaring these thugs as terrorists,” the White House said in a statement.',
         '"The Administration is declaring these thugs as terrorists,”', "the White House"),
        # appositive: the subject speaks, not the place named in the apposition
        ("Todd Zimmerman, the DEA's special agent in Mexico City said that members are “worried because they "
         "know the might of the U.S. military.”", "“worried because they know the might of the U.S. military.”",
         "Todd Zimmerman"),
        # headline style single quotes
        ("‘Bad news’: Trump’s wild plan for Mexican drug cartels", "‘Bad news’", None),
        ("Trump Administration Considering 'Unprecedented' Action", "'Unprecedented'", None),
        # British style: single quotes in the body, apostrophes inside
        ("‘It’s over,’ the Prime Minister said.", "‘It’s over,’", "the Prime Minister"),
        ("'We will fight,' said Boris Johnson.", "'We will fight,'", "Boris Johnson"),
    ],
)  # fmt: skip
def test_quote_found_with_speaker(text: str, quote: str, speaker: str | None) -> None:
    quotes = [s for s in suggest_text(text) if s.label == "quote"]
    assert [text[s.start : s.end] for s in quotes] == [quote]
    assert quotes[0].attrs.get("speaker") == speaker
    assert quotes[0].rule == "quote"


def test_second_quote_after_attribution_keeps_the_speaker() -> None:
    text = "“I have great respect for the president,” Trump said last month. “She's a very brave woman.”"
    quotes = [s for s in suggest_text(text) if s.label == "quote"]
    assert [q.attrs.get("speaker") for q in quotes] == ["Trump", "Trump"]


def test_short_quote_continuing_an_attributed_one_is_kept() -> None:
    text = '"I am not sure," the minister said. "Maybe."'
    assert found(text, "quote") == ['"I am not sure,"', '"Maybe."']


def test_pronoun_is_not_stored_as_speaker() -> None:
    text = "“We can collaborate. We can work together,” she said."
    (q,) = [s for s in suggest_text(text) if s.label == "quote"]
    assert q.attrs == {}


@pytest.mark.parametrize(
    "text",
    [
        "He needs a “win” in the face of mounting public criticism.",  # scare quote: nobody's words
        "Like President Vladimir Putin’s “three-day” invasion of Ukraine, success is not guaranteed.",
        "Democrats Don't Want Kamala Harris and the cartels' ability is unchanged.",  # apostrophes only
        "It isn’t an entirely unpopular idea in Mexico.",
        "Rock 'n' roll is back, fans' groups said.",
    ],
)
def test_quote_not_found(text: str) -> None:
    assert found(text, "quote") == []


def test_quote_inside_quote_is_one_suggestion() -> None:
    text = "“And you know what I said to him? ‘No, President Donald Trump.’ Sovereignty is not for sale.”"
    assert found(text, "quote") == [text]


def test_short_quote_that_is_reported_is_kept() -> None:
    text = 'Mike Vigil said the idea is "all for show" and that it will fail.'
    assert found(text, "quote") == ['"all for show"']


# --- statistics -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stat"),
    [
        ("It has imposed harsh trade tariffs of 25 per cent in retaliation.", "25 per cent"),
        ("Illegal fentanyl was responsible for more than 74,000 US deaths in 2023.", "more than 74,000 US deaths"),
        ("Mexico deployed 10,000 troops to the US border.", "10,000 troops"),
        ("The fentanyl that has killed hundreds of thousands of Americans.", "hundreds of thousands of Americans"),
        ("The package is worth $3 billion, the ministry said.", "$3 billion"),
        ("Tom Homan has been given 3000 soldiers and their armoured vehicles.", "3000 soldiers"),
        ("The company said revenue rose 12% in the third quarter.", "12%"),
        ("The UN said more than 1.2 million people had been displaced.", "more than 1.2 million people"),
        ("The unit uses 20-tonne Stryker armoured combat vehicles.", "20-tonne"),
        ("His 3000 freshly deployed troops are already in place.", "3000 freshly deployed troops"),
        ("A ring accused of laundering millions in cartel-linked profits.", "millions in cartel-linked profits"),
        ("The State Department designated six Mexican drug cartels as terrorists.", "six Mexican drug cartels"),
    ],
)
def test_statistic_found(text: str, stat: str) -> None:
    assert found(text, "statistic") == [stat]


def test_several_statistics_in_one_sentence() -> None:
    text = "The Pentagon said 64 people were killed in 15 attacks on 16 boats, a $3 billion campaign over five years."
    assert found(text, "statistic") == ["64 people", "15 attacks", "16 boats", "$3 billion", "over five years"]


@pytest.mark.parametrize(
    "text",
    [
        "The main terminal pictured on May 7, 2025.",  # a date
        "Monday, 03 November 2025 11:30 AM EST",  # date and time
        "She moved to Paris in 2001.",  # a year alone
        "During the 2024 presidential campaign, he spoke often.",  # a year before a noun
        "Title 50 authority allows covert operations by the CIA.",  # an id
        "Gangs including MS-13 were designated.",  # an id
        "519\n2025-30-03",  # page furniture
        "Donald Trump’s troops are in place. Picture: AP Photo/Evan Vucci 2025",  # picture credit
        "according to two U.S. officials with knowledge of the matter",  # a count of sources is not a statistic
        "the first U.S. military action since the early 20th century",  # an ordinal
        "The airline grounded its Boeing 737 jets after the crash.",  # a model number
        "The report cited three people briefed on the plans.",  # sources, not a statistic
    ],
)
def test_statistic_not_found(text: str) -> None:
    assert found(text, "statistic") == []


# --- anonymous sources ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Planning has begun, according to two U.S. officials and two former senior U.S. officials with "
         "knowledge of the matter, NBC News reports.",
         "two U.S. officials and two former senior U.S. officials with knowledge of the matter"),
        ("But a US deployment is not imminent, officials said.", "officials"),
        ("Officials have not ruled out operating in its absence, sources told NBC News.", "sources"),
        ("“We are committed,” a senior administration official said in comment.", "a senior administration official"),
        ("One of the sources told NBC News that the administration is looking to build a target deck.",
         "One of the sources"),
        ("A person familiar with the matter said the deal could close next week.",
         "A person familiar with the matter"),
        ("“He is focused on TCOs,” says one senior intelligence official.", "one senior intelligence official"),
        ("Current and former military, law enforcement, and intelligence officials told NBC News that strikes "
         "are planned.", "Current and former military, law enforcement, and intelligence officials"),
        ("An official, who spoke on condition of anonymity, said the talks had stalled.", "An official"),
        ("The report cited three people briefed on the plans.", "three people briefed on the plans"),
        ("Reuters could not independently verify the claims, two diplomats said.", "two diplomats"),
        # research verbs, institutions with "U.S." or "City, State", groups and demonyms
        ("Scientists at the U.S. Geological Survey estimated the flow at 60,000 barrels a day.",
         "Scientists at the U.S. Geological Survey"),
        ("Researchers at the University of California, Santa Barbara, confirmed the finding.",
         "Researchers at the University of California, Santa Barbara"),
        ("Researchers from two universities have looked at the plume.", "Researchers from two universities"),
        ("Officials in Beijing said the talks had stalled.", "Officials in Beijing"),
        ("An aide to the senator said the vote would be delayed.", "An aide to the senator"),
        ("A former official who worked on the program said it was underfunded.",
         "A former official who worked on the program"),
        ("Many Tunisians accuse the Islamists of having been slow to respond.", "Many Tunisians"),
        ("Climate change is to blame too, scientists think, with warming oceans.", "scientists"),
        ("Whale experts regard New Zealand as the stranding capital of the world.", "Whale experts"),
        ("Environmental groups warned that the damage would last years.", "Environmental groups"),
        ("The plan will fail, one analyst warned.", "one analyst"),
    ],
)  # fmt: skip
def test_anonymous_source_found(text: str, source: str) -> None:
    assert found(text, "anonymous source") == [source]


@pytest.mark.parametrize(
    "text",
    [
        "Trump administration officials are still debating how aggressive to be.",  # subject, not a source
        "Officials have not released names or other details about those killed.",
        "White House press secretary Karoline Leavitt said the president would sign it.",  # named
        "Rubio accused the Herald of publishing fake stories based on unreliable sources.",
        "Discussions among White House, Defense Department and intelligence officials are at an early stage.",
        "The minister said officials were preparing a response.",  # officials are what is talked about
        "He said the sources of funding were unclear.",
        "It made the country one of the major sources of foreign fighters in the conflict.",
        "People think it is all protected and safe.",  # everyone, not a source
        "Trip Chowdhry, an analyst with Global Equities Research, said the shares would rise.",  # apposition
        "Members of the army stood near a shop where the body of a man was found.",  # a passive
        "A spokeswoman for Exxon Mobil declined to comment.",  # says nothing
        "The bloodshed raised fears that militants linked to the Islamic State were expanding.",
    ],
)
def test_anonymous_source_not_found(text: str) -> None:
    assert found(text, "anonymous source") == []


# --- configuration ----------------------------------------------------------------------------------------


TEXT = "“It is over,” two officials said, after 3000 soldiers left."


def test_rules_rename_and_disable_labels() -> None:
    rules = {"quote": "Zitat", "statistic": None, "anonymous_source": "anonymous source"}
    got = {(TEXT[s.start : s.end], s.label, s.rule) for s in suggest_text(TEXT, rules)}
    assert got == {("“It is over,”", "Zitat", "quote"), ("two officials", "anonymous source", "anonymous_source")}


def test_unknown_rule_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown suggestion rule 'sarcasm'"):
        suggest_text(TEXT, {"sarcasm": "irony"})


def test_rules_follow_the_label_set(tmp_path: Path) -> None:
    path = tmp_path / "labels.toml"
    path.write_text('[[label]]\nname = "claim"\n[[label]]\nname = "statistic"\n', encoding="utf-8")
    rules = rules_for_labels(LabelSet.from_toml(path), rules_from_toml(path))
    assert rules == {"quote": None, "statistic": "statistic", "anonymous_source": None}
    assert {s.label for s in suggest_text(TEXT, rules)} == {"statistic"}


def test_label_file_suggest_table_renames(tmp_path: Path) -> None:
    path = tmp_path / "labels.toml"
    path.write_text('[suggest]\nquote = "Zitat"\nstatistic = false\n\n[[label]]\nname = "Zitat"\n'
                    '[[label]]\nname = "statistic"\n', encoding="utf-8")  # fmt: skip
    rules = rules_for_labels(LabelSet.from_toml(path), rules_from_toml(path))
    assert rules == {"quote": "Zitat", "statistic": None, "anonymous_source": None}


# --- the gold set -----------------------------------------------------------------------------------------


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_file_matches_the_seeds() -> None:
    docs = _gold()
    assert sorted(d["id"] for d in docs) == sorted(p.stem for p in SEEDS.glob("*.txt"))
    for d in docs:
        assert d["text"] == (SEEDS / f"{d['id']}.txt").read_text(encoding="utf-8")
        for sp in d["spans"]:
            assert d["text"][sp["start"] : sp["end"]] == sp["text"]


def measure(docs: list[dict]) -> dict[str, tuple[float, float]]:
    """Per label (recall, precision): a gold span is found when a suggestion of its label overlaps it; a
    suggestion is right when it overlaps a gold span of its label."""

    def overlaps(a: Suggestion | dict, b: Suggestion | dict) -> bool:
        ga = (a.start, a.end) if isinstance(a, Suggestion) else (a["start"], a["end"])
        gb = (b.start, b.end) if isinstance(b, Suggestion) else (b["start"], b["end"])
        return ga[0] < gb[1] and gb[0] < ga[1]

    counts: dict[str, list[int]] = {}
    for d in docs:
        sugg = suggest_text(d["text"])
        for g in d["spans"]:
            c = counts.setdefault(g["label"], [0, 0, 0, 0])
            c[0] += any(s.label == g["label"] and overlaps(s, g) for s in sugg)
            c[1] += 1
        for s in sugg:
            c = counts.setdefault(s.label, [0, 0, 0, 0])
            c[2] += any(g["label"] == s.label and overlaps(s, g) for g in d["spans"])
            c[3] += 1
    return {lb: (c[0] / c[1] if c[1] else 1.0, c[2] / c[3] if c[3] else 1.0) for lb, c in counts.items()}


# Measured on the five seeds (docs/assist.md): quote 51/55 recall, 51/51 precision; statistic 32/32, 32/33;
# anonymous source 22/22, 22/22. The floors sit a little below: a regression guard, not a target.
FLOORS = {"quote": (0.90, 0.95), "statistic": (0.93, 0.93), "anonymous source": (0.95, 0.95)}


def test_gold_recall_and_precision_floors() -> None:
    got = measure(_gold())
    assert set(got) == set(FLOORS)
    for label, (recall, precision) in got.items():
        assert recall >= FLOORS[label][0], (label, recall)
        assert precision >= FLOORS[label][1], (label, precision)
        assert recall >= 0.8 and precision >= 0.6  # the quality bar


# Unseen news (tests/data/news_gold): the rules were tuned on the dev splits only (odd-numbered articles,
# extra_01-31 added later; dev_anon: anon_01-34, labelled for anonymous sources only); the test split (even-numbered,
# unseen_* added later) was labelled before any rule ran on it and never tuned on. Measured (docs/assist.md, issue
# 15's fourth pass): dev quote 263/266 · 263/266, statistic 286/295 · 288/294, anonymous source 151/156 · 151/151;
# dev_anon 124/129 · 124/125; test (18 articles) quote 115/122 · 115/121, statistic 155/168 · 157/160, anonymous
# source 39/53 · 39/44. Floors: those minus a margin (a regression guard; the test split's anonymous-source figures
# are below the 0.9).
NEWS_FLOORS = {
    "dev": {"quote": (0.96, 0.96), "statistic": (0.95, 0.96), "anonymous source": (0.94, 0.97)},
    "dev_anon": {"anonymous source": (0.90, 0.95)},
    "test": {"quote": (0.92, 0.93), "statistic": (0.90, 0.95), "anonymous source": (0.70, 0.85)},
}


@pytest.mark.parametrize("split", ["dev", "dev_anon", "test"])
def test_news_split_recall_and_precision_floors(split: str) -> None:
    docs = [json.loads(line) for line in (Path(__file__).parent / "data" / "news_gold" / f"{split}.jsonl")
            .read_text(encoding="utf-8").splitlines()]  # fmt: skip
    got = measure(docs)
    if split == "dev_anon":  # labelled for anonymous sources only
        got = {label: v for label, v in got.items() if label == "anonymous source"}
    assert set(got) == set(NEWS_FLOORS[split])
    for label, (recall, precision) in got.items():
        assert recall >= NEWS_FLOORS[split][label][0], (split, label, recall)
        assert precision >= NEWS_FLOORS[split][label][1], (split, label, precision)


# --- storing ----------------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):
    st = AnnotationStore(tmp_path / "a.db")
    import_paths(st, [SEEDS])
    yield st
    st.close()


def test_store_suggestions_as_suggested_with_rule_origin(store: AnnotationStore) -> None:
    doc = "001_1f15dbbd00519135"
    totals = store_suggestions(store, [doc], annotator="rules")
    spans = store.spans(doc)
    assert totals["added"] == len(spans) > 0
    assert {s.status for s in spans} == {"suggested"}
    assert {s.origin for s in spans} == {"rule:quote", "rule:statistic", "rule:anonymous_source"}
    text = store.document_text(doc)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert "“She's a very brave woman, but Mexico is run by the cartels.”" in {s.text for s in spans}
    quote = next(s for s in spans if s.text.startswith("“I have great respect"))
    assert quote.attrs == {"speaker": "Trump"}
    assert totals["per_label"] == {lb: sum(s.label == lb for s in spans) for lb in DEFAULT_RULES.values()}
    assert store_suggestions(store)["documents"] == 5


def test_rerun_adds_nothing_and_rejected_stays_rejected(store: AnnotationStore) -> None:
    first = store_suggestions(store)
    n = len(store.spans())
    rejected = store.spans(labels=["statistic"])[0]
    store.update_span(rejected.id, status="rejected", annotator="alice")
    accepted = store.spans(labels=["quote"])[0]
    store.update_span(accepted.id, status="accepted", annotator="alice")
    again = store_suggestions(store)
    assert again["added"] == 0 and again["existing"] == first["added"]
    assert len(store.spans()) == n
    assert store.get_span(rejected.id).status == "rejected"
    assert store.get_span(accepted.id).status == "accepted"


def test_manual_span_is_not_duplicated(store: AnnotationStore) -> None:
    doc = "003_627dc8ff569bd4e9"
    text = store.document_text(doc)
    i = text.index("10,000 troops")
    manual = store.add_span(doc, i, i + len("10,000 troops"), "statistic", annotator="bob")
    store_suggestions(store, [doc])
    same = [s for s in store.spans(doc) if (s.start, s.end, s.label) == (manual.start, manual.end, "statistic")]
    assert [s.id for s in same] == [manual.id]


def test_suggestions_are_not_undone_as_the_annotators_edit(store: AnnotationStore) -> None:
    doc = "004_e55835728f6167c5"
    mine = store.add_span(doc, 0, 9, "claim", annotator="alice")
    store_suggestions(store, [doc], annotator="alice")
    undone = store.undo("alice")
    assert undone is not None and undone.span_id == mine.id
    assert store.get_span(mine.id) is None
    assert {s.status for s in store.spans(doc)} == {"suggested"}


def test_unknown_document(store: AnnotationStore) -> None:
    with pytest.raises(ValueError, match="no document with id 'nope'"):
        store_suggestions(store, ["nope"])
    assert store.spans() == []


# --- CLI --------------------------------------------------------------------------------------------------


def test_cli_suggest_prints_counts_per_label(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(SEEDS), "--db", db]).exit_code == 0
    res = runner.invoke(main, ["suggest", "--db", db, "--doc", "002_864af2513c4cf570"])
    assert res.exit_code == 0, res.output
    with AnnotationStore(db) as st:
        spans = st.spans("002_864af2513c4cf570", statuses=["suggested"])
        per_label = {lb: sum(s.label == lb for s in spans) for lb in {s.label for s in spans}}
    assert f"{len(spans)} suggestions added in 1 document" in res.output
    for label, n in per_label.items():
        assert any(line.split() == [*label.split(), str(n)] for line in res.output.splitlines()), res.output
    res = runner.invoke(main, ["suggest", "--db", db, "--doc", "002_864af2513c4cf570"])
    assert "0 suggestions added in 1 document" in res.output and "already there" in res.output


def test_cli_suggest_unknown_doc_is_one_line_exit_1(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    runner = CliRunner()
    runner.invoke(main, ["import", str(SEEDS), "--db", db])
    res = runner.invoke(main, ["suggest", "--db", db, "--doc", "nope"])
    assert res.exit_code == 1
    assert res.stderr.strip() == "tui-reader: no document with id 'nope'"
    res = runner.invoke(main, ["suggest", "--db", str(tmp_path / "missing.db")])
    assert res.exit_code == 1 and "no such database" in res.stderr


def test_cli_suggest_with_label_file(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    labels = tmp_path / "labels.toml"
    labels.write_text('[suggest]\nquote = "Zitat"\n\n[[label]]\nname = "Zitat"\n', encoding="utf-8")
    runner = CliRunner()
    runner.invoke(main, ["import", str(SEEDS), "--db", db])
    res = runner.invoke(main, ["suggest", "--db", db, "--labels", str(labels)])
    assert res.exit_code == 0, res.output
    with AnnotationStore(db) as st:
        assert {s.label for s in st.spans()} == {"Zitat"}
    bad = tmp_path / "bad.toml"
    bad.write_text('[suggest]\nsarcasm = "x"\n[[label]]\nname = "x"\n', encoding="utf-8")
    res = runner.invoke(main, ["suggest", "--db", db, "--labels", str(bad)])
    assert res.exit_code == 1 and "unknown rule 'sarcasm'" in res.stderr


# --- any text ---------------------------------------------------------------------------------------------

PIECES = st.sampled_from(list("“”‘’\"'$%.,:;-— \n") + [
    "said", "officials", " 3000 ", "per cent", "Trump", "🎉", "e\u0301", "中文", "\x1b", "\u200f", "sources",
    "told", "more than", " 10,000 troops", "2025", "According to ", "Picture: ", "two ",
])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_text_gives_valid_offsets(text: str) -> None:
    for s in suggest_text(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()


# --- what unseen news needed (generic phrasing, not the gold texts) --------------------------------


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # anonymous sources beyond "officials"
        ("A spokeswoman for Acme Corp said the plant would reopen.", "anonymous source", ["A spokeswoman for Acme Corp"]),
        ("Analysts said the merger would fail.", "anonymous source", ["Analysts"]),
        ("Critics argue the bill goes too far.", "anonymous source", ["Critics"]),
        ("Organizers said the march would go ahead.", "anonymous source", ["Organizers"]),
        ("A member of the group, who uses a pseudonym, said the raids had stopped.", "anonymous source",
         ["A member of the group, who uses a pseudonym"]),
        ("The deal is off, said one person familiar with the talks.", "anonymous source",
         ["one person familiar with the talks"]),
        ("White House spokesman Robert Gibbs said the talks had failed.", "anonymous source", []),
        ("Analysts Expect Record Profits", "anonymous source", []),  # a headline, nobody speaking
        ("Many users are still waiting for the update.", "anonymous source", []),  # no one says anything
        # statistics
        ("China sent 20 ships and 14 aircraft to the strait.", "statistic", ["20 ships", "14 aircraft"]),
        ("More than 300 were evacuated.", "statistic", ["More than 300"]),
        ("The company lost half a billion dollars.", "statistic", ["half a billion dollars"]),
        ("He posted a million tweets.", "statistic", ["a million tweets"]),
        ("The wait was 30 minutes to an hour.", "statistic", ["30 minutes to an hour"]),
        ("The storm reached up to 40 km (25 miles) inland.", "statistic", ["up to 40 km (25 miles)"]),
        ("Out of 34,000 pupils, 2,285 were absent.", "statistic", ["34,000 pupils", "2,285"]),
        ("The 1.2-billion-yuan (US$171-million) dish took half a decade.", "statistic",
         ["1.2-billion-yuan (US$171-million)", "half a decade"]),
        ("Read more: [The History of 8 Famous Bridges]", "statistic", []),
        ("5 healthy eating tips for winter", "statistic", []),
        ("the two former adversaries signed a treaty", "statistic", []),
        # quotes that nobody said
        ("Scott told “CBS This Morning” co-host Gayle King she would run.", "quote", []),
        ("The telescope, also known as ‘Eye of Heaven’, took years to build.", "quote", []),
        ("He received \"thank you\" calls from two people.", "quote", []),
        ("Trump calls him “Mini Mike.” on Twitter.", "quote", []),
        ("Activists Insist 'Science Is on Our Side'\n", "quote", ["'Science Is on Our Side'"]),
    ],
)
def test_unseen_news_phrasing(text: str, label: str, expected: list[str]) -> None:
    assert found(text, label) == expected


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # unnamed sources of kinds the larger dev split taught (phrasing written for this test)
        ("“We are looking into it,” said an Acme spokesperson when reached by phone.", "anonymous source",
         ["an Acme spokesperson"]),
        ("A spokesman for the Foreign Office reiterated the position.", "anonymous source",
         ["A spokesman for the Foreign Office"]),
        ("Health authorities in the province are reporting a third death.", "anonymous source",
         ["Health authorities in the province"]),
        ("Consumer advocates are urging regulators to act.", "anonymous source", ["Consumer advocates"]),
        ("Representatives of the family suggested the fire was set.", "anonymous source",
         ["Representatives of the family"]),
        ("Company management said sales would recover.", "anonymous source", ["Company management"]),
        ("Executives across the industry say they will cut jobs.", "anonymous source",
         ["Executives across the industry"]),
        ("Many shopkeepers complain that the rent doubled.", "anonymous source", ["Many shopkeepers"]),
        ("Peters said the rent doubled.", "anonymous source", []),  # a capitalised "-ers" word: a surname
        ("The winemakers of the valley would certainly disagree.", "anonymous source",
         ["The winemakers of the valley"]),
        ("“It rained for days,” one pensioner said.", "anonymous source", ["one pensioner"]),
        ("Many users reported being logged out, and others said the app froze.", "anonymous source",
         ["Many users", "others"]),
        ("Since then, many have voiced concerns about the plan.", "anonymous source", ["many"]),
        ("Tens of thousands of users reported problems on Friday.", "anonymous source",
         ["Tens of thousands of users"]),
        ("The outage angered local officials and customers who accused the utility of neglect.",
         "anonymous source", ["local officials and customers"]),
        ("It was a bookseller in Lyon who first told me about the novel.", "anonymous source",
         ["a bookseller in Lyon"]),
        ("Beijing officials eventually admitted the count was higher.", "anonymous source", ["Beijing officials"]),
        ("Middle East observers say the base is vital.", "anonymous source", ["Middle East observers"]),
        ("The deal looks fine, according to Wall Street.", "anonymous source", ["Wall Street"]),
        ("Traders cited the uncertainty over tariffs.", "anonymous source", ["Traders"]),
        ("Some say the law came too late.", "anonymous source", ["Some"]),
        ("“It is over,” said this person, who asked not to be named.", "anonymous source",
         ["this person, who asked not to be named"]),
        ("Already, some who work at the plant say the mood has changed.", "anonymous source",
         ["some who work at the plant"]),
        ("His silence is seen by many as a sign of guilt.", "anonymous source", ["many"]),
        ("Officials there said the timing was bad.", "anonymous source", ["Officials there"]),
        ("“Nobody listens,” lamented one senior official.", "anonymous source", ["one senior official"]),
        ("Some senior officials also advised against it.", "anonymous source", ["Some senior officials"]),
        ("Some observers wondered if the vote was rigged.", "anonymous source", ["Some observers"]),
        ("One tabloid journalist, who feared for his job, lamented the change.", "anonymous source",
         ["One tabloid journalist, who feared for his job"]),
        # ... and what stays unnamed-source free
        ("The police questioned editors and reporters accused of hacking phones.", "anonymous source", []),
        ("It is rarely discussed, lest taxpayers think the money is wasted.", "anonymous source", []),
        ("Officials have warned people to stay away from the river.", "anonymous source", ["Officials"]),
        ("He told reporters at a news conference that the road was closed.", "anonymous source", []),
        ("Although no group claimed responsibility, the police made arrests.", "anonymous source", []),
        ("The guards discovered the body at dawn.", "anonymous source", []),
        ("The answers suggest the test was too easy.", "anonymous source", []),
        ("Jefferies analyst Jane Roe said the stock was cheap. That is a buying chance, according to the analyst.",
         "anonymous source", []),
        ("Dr. Jane Roe, who was then the mayor's physician, suggested a diet.", "anonymous source", []),
        ("Sales rose 5%, Reuters reported.", "anonymous source", []),
        ("As a monolithic group, Walter said, they would fail.", "anonymous source", []),
        ("The team said it would appeal the referee's decision.", "anonymous source", []),  # a club, not research
        # statistics
        ("The iPad came out more than a year and a half ago.", "statistic", ["more than a year and a half"]),
        ("Two gunmen died and 20 of them escaped.", "statistic", ["Two gunmen", "20 of them"]),
        ("He spent Rs 24 lakh on the trip.", "statistic", ["Rs 24 lakh"]),
        ("The risk was high in the following 3-5 years.", "statistic", ["3-5 years"]),
        ("On Monday, a third case was reported.", "statistic", []),
        ("The only two states to sign were Egypt and Jordan.", "statistic", []),
        ("Trade between the world’s two largest economies slowed.", "statistic", []),
        ("They fought in the Six-Day War.", "statistic", []),
        ("The new 16-inch MacBook Pro has a better keyboard.", "statistic", []),
        ("People could not make 911 calls.", "statistic", []),
        ("Analysts saw a loss of [0.6% to 0.7%] in the quarter.", "statistic", ["0.6% to 0.7%"]),
        ("Mr. Smith, 59 years old, arrived in 2011.", "statistic", []),  # an age in apposition
        # quotes: a reporting verb in a sentence with abbreviations still counts
        ("He lamented what he called the end of the “anything goes” era.", "quote", ["“anything goes”"]),
        ("They pitched a new \"field house,\" as it was called then.", "quote", []),
        ("The U.S. military accused them of controlling “bandit formations” near the base.", "quote",
         ["“bandit formations”"]),
        ("Prosecutors alleged that they \"browsed the Internet\" all night.", "quote", ['"browsed the Internet"']),
    ],
)  # fmt: skip
def test_more_unnamed_sources_and_figures(text: str, label: str, expected: list[str]) -> None:
    assert found(text, label) == expected


# Issue 15, fourth pass: the anonymous-source rule is structural. A noun phrase without a proper name whose head
# is a person, role or group noun from general English categories (professions, roles, groups, "-man" compounds,
# unnamed institutions) is a source when it is the subject of a verb of saying or believing (any inflection of
# the verb lists), the object of "according to"/"citing", or inverted after a quote. Each construction once, with
# wording no labelled article holds.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # profession, role and group heads that no earlier list named
        ("Veterinarians warned that the outbreak could spread to dairy herds.", ["Veterinarians"]),
        ("Several meteorologists predicted a milder winter than last year.", ["Several meteorologists"]),
        ("Moviegoers said the man shouted before running out.", ["Moviegoers"]),
        ("A local businessman said shops had stayed shut all week.", ["A local businessman"]),
        ("Some shareholders questioned the bonus at the annual meeting.", ["Some shareholders"]),
        # inflected verbs of saying and believing: countered, shouted, suspect, chanted
        ("A military spokesman who was not authorized to give his name countered the claim on Monday.",
         ["A military spokesman who was not authorized to give his name"]),
        ("Investigators suspect the fire was set on purpose.", ["Investigators"]),
        ("Protesters chanted that the election had been stolen.", ["Protesters"]),
        # a participle clause right after the group: "opponents saying ..."
        ("The row deepened, with supporters planning a rally and opponents saying the ships harm the lagoon.",
         ["opponents"]),
        # a possessive determiner: the unnamed lawyers or aides of a named person
        ("Her lawyers told the court that she had been unwell.", ["Her lawyers"]),
        # inverted after a quote, with a participle phrase: "says a young man wearing ..."
        ("“It smells terrible here,” says a young man wearing a face mask.", ["a young man wearing a face mask"]),
        # "citing", "according to" an unnamed institution, a group "polled by" someone
        ("The broadcaster, citing one of its reporters near the border, said jets had struck.",
         ["one of its reporters near the border"]),
        ("Ten remain in critical condition, according to hospitals.", ["hospitals"]),
        ("Profit missed the average forecast of six analysts polled by Dow Jones Newswires.",
         ["six analysts polled by Dow Jones Newswires"]),
        # a "where" clause or a named organisation between the group and its verb stays out of the span
        ("A spokeswoman for the clinic, where he was treated, said the same.", ["A spokeswoman for the clinic"]),
        ("Fighting spread, local activists and the Britain-based Observatory said.", ["local activists"]),
        # the noun just before the verb speaks when a clause break separates it from an earlier person noun
        ("A man at the cinema was arrested after witnesses said he made threats.", ["witnesses"]),
        # "those close to him", "a source (who ...) reported", "citing unnamed sources"
        ("Those close to him say he will not run again.", ["Those close to him"]),
        ("Over the weekend, a source (who wishes to remain anonymous) reported that crews sat idle.", ["a source"]),
        # negatives: a named person is no anonymous source, in any of the constructions above
        ("Veterinarian Jane Moss warned that the outbreak could spread.", []),
        ("“It smells terrible here,” says Li Wei, a young man wearing a face mask.", []),
        ("Paganini and his team wrote in the paper that the plumes were rare.", []),
        ("“It is fine,” said Bruce Bagley, a professor of international studies at the University of Miami.", []),
        ("Official Tang Yigan told reporters the trial was over. The official said a verdict would follow.", []),
        # ... nor a group that says nothing, a noun taken for a verb, or a participle
        ("Users still found ways to discuss the case.", []),
        ("Media reports said the talks had failed.", []),
        ("Wary voters in the state quickly speculated that she had known.", ["Wary voters in the state"]),
        ("The officers linked to the raid were suspended.", []),
        # be + "-ing" of saying, a participle parenthesis, pleading and protesting
        ("The Democrats are alleging that the call was improper.", ["The Democrats"]),
        ("A group of nurses, alarmed by the shortages, is urging the state to act.", ["A group of nurses"]),
        ("In a letter, the doctors pleaded with the agency to reconsider.", ["the doctors"]),
        # named after all: an apposition with a name, a capitalised surname, "both" of two named, a company
        ("He was in charge, said another witness in the probe, former adviser Fiona Hill.", []),
        ("“They see the way down as inevitable,” says Doctor.", []),
        ("Both witnesses testified that the call was unusual.", []),
        ("Volkswagen showed a wagon. The German automaker says it will go 300 miles.", []),
        # quantifiers after "said", "Another", any verb of saying after a source noun, a patient, a rep
        ("He said others had raised concerns about the plan.", ["others"]),
        ("One user posted a joke. Another reportedly said the plague was coming.", ["One user", "Another"]),
        ("It wants to go to Mars in the 2030s, agency officials have stressed.", ["agency officials"]),
        ("“I could only manage two stairs,” the patient wrote in the report.", ["the patient"]),
        ("The singer's rep told Fox News that this was not the whole truth.", ["The singer's rep"]),
        # ... and what is no statement or is named
        ("Republicans also questioned Morrison about his testimony.", []),
        ("A rep for the label did not immediately respond to a request for comment.", []),
        ("Tim Morrison, another top NSC aide, testified before the committee.", []),
        # an appeal, "have since claimed", "started complaining", "loved ones", a named person before the group
        ("Police are also asking parents to talk to their children.", ["Police"]),
        ("Two loggers have since claimed that they heard the shot.", ["Two loggers"]),
        ("“Countryside residents started complaining about the smoke,” he said.", ["Countryside residents"]),
        ("While police have not identified the victim, loved ones say he is Kevin Andrews.", ["loved ones"]),
        ("They were charged, according to Levy and authorities from the Cambridge Police.",
         ["authorities from the Cambridge Police"]),
        ("A woman who identified herself as the mother of the victim admitted that he had been to prison.",
         ["A woman who identified herself as the mother of the victim"]),
        # a title before a name is a named source
        ("Acting U.S. Attorney for the District of Massachusetts Joshua Levy said the case is still open.", []),
    ],
)  # fmt: skip
def test_structural_anonymous_sources(text: str, expected: list[str]) -> None:
    assert found(text, "anonymous source") == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("But Trip Chowdhry, an analyst, said: “It is over for them now, completely.”", "Trip Chowdhry"),
        ("“Apple is Steve Jobs, and Steve Jobs is Apple,” But Chowdhry said.", "Chowdhry"),
        ("“We do everything we can to avoid them,” However said nothing.", None),
        ("\"\"Tim's 13 years of service have been marked by talent,\" Levinson said.", "Levinson"),
    ],
)
def test_speaker_is_never_a_sentence_adverb(text: str, speaker: str | None) -> None:
    (q,) = [s for s in suggest_text(text) if s.label == "quote"]
    assert q.attrs.get("speaker") == speaker


# Issue 15, fifth pass: constructions in which the source's verb of saying is not right after it (or there is none).
# Each positive was not found by the fourth pass's rule; each construction has its named or wrong-kind negatives.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a source with no verb of its own: the object of a noun of saying, or of an interview
        ("After a tip from a fisherman near the harbour, the coast guard searched the bay.",
         ["a fisherman near the harbour"]),
        ("Emails from employees describe a culture of fear at the agency.", ["employees"]),
        ("Early comments by officials hint at a deal.", ["officials"]),
        ("In an interview with a senior diplomat, the paper learned of the talks.", ["a senior diplomat"]),
        ("The ministry released a statement from spokeswoman Ana Ruiz on Friday.", []),
        ("In an interview with Ana Ruiz, a senior diplomat, the paper learned of the talks.", []),
        ("In a conversation with his lawyer, Smith said he was innocent.", []),
        ("Police say they found a note from the victim's mother.", ["Police"]),  # a kin word: named nearby
        # ... or the agent of a passive verb of reporting; "praised by" reports no words
        ("The deal was confirmed by two officials on Monday.", ["two officials"]),
        ("The plan was praised by lawmakers.", []),
        ("The deal was confirmed by spokesman Ali Khan.", []),
        # a quantifier with a PP or a who-clause: "Some in the party", "Those who attended"
        ("Some in the party say the leader must go.", ["Some in the party"]),
        ("Those who attended said the meeting was tense.", ["Those who attended"]),
        ("Those who break the law will be punished.", []),
        # "according to" a quantifier or "those", or people "briefed on it"; not "according to some estimates"
        ("According to those present, the minister left early.", ["those present"]),
        ("The plan, according to two people briefed on it, would cut 500 jobs.", ["two people briefed on it"]),
        ("According to some estimates, the toll is higher.", []),
        # a parenthesis between the group and its verb
        ("Some economists, however, warn that inflation could return.", ["Some economists"]),
        ("Residents of the town, many of whom lost their homes, said help came too late.", ["Residents of the town"]),
        ("Critics, however, were silent.", []),
        # a verb far from its group: a catenative, a coordinated verb, a participle of saying after its verb phrase
        ("One resident was quoted as saying the water had turned brown.", ["One resident"]),
        ("One engineer couldn't help but wonder whether the bridge would hold.", ["One engineer"]),
        ("Several economists were quick to warn that rates would rise.", ["Several economists"]),
        ("Firefighters fought the blaze for hours but suspect it was set deliberately.", ["Firefighters"]),
        ("A crowd of furious farmers blocked the motorway insisting that tariffs be lifted.",
         ["A crowd of furious farmers"]),
        ("Union leader Tom Reyes blocked the road insisting that the plant stay open.", []),
        ("Local lawyer Jane Doe filed the suit and said it was overdue.", []),
        ("Police found a note saying that he had left.", []),
        ("Two men entered the bank and told staff to lie down.", []),
        ("The ministry fired two officials and said it would investigate.", []),
        # a PP and an indefinite apposition between a source noun and its verb; not a name in apposition
        ("One official, a veteran of three administrations, said the plan would fail.",
         ["One official, a veteran of three administrations"]),
        ("One official, a veteran named Jane Doe, said the plan would fail.", []),
        ("The source, Jane Doe, said the deal was off.", []),
        # a later reference whose verb has a pronoun subject (not the sentence's own subject, not after a name)
        ("When we reached a shopkeeper near the square, she said the army had left.", ["a shopkeeper near the square"]),
        ("When he visited a doctor last spring, he said, the pain had gone.", []),
        ("When I asked Maria Lopez, a teacher at the school, she said the pupils were safe.", []),
        # a relative clause without "who"
        ("Analysts we surveyed expect a slowdown next year.", ["Analysts we surveyed"]),
        ("Officials they interviewed denied the report.", ["Officials they interviewed"]),
        ("Ana Ruiz, a lawyer they hired, said the contract was void.", []),
        ("He told officials they expected a deal by Friday.", []),
        # "the group" refers back to the unnamed group before it; not to one led by a named person, nor to a named one
        ("A group of geologists from three universities mapped the fault. In a paper out this week, the group argues "
         "that a quake is overdue.", ["the group"]),
        ("A group of geologists led by Ana Ruiz mapped the fault. In a paper out this week, the group argues that a "
         "quake is overdue.", []),
        ("Rebels fired rockets at the town. The group said it would not stop.", []),
        # a singular role noun with no determiner is a title before a name, even with a place between
        ("“The road is closed,” opposition activist in Hama Rami Khalil told Reuters by phone.", []),
        ("Senior engineer warns bridge is unsafe\nThe bridge was closed on Monday.", ["Senior engineer"]),  # a headline
    ],
)  # fmt: skip
def test_anonymous_source_constructions_without_a_verb_of_their_own(text: str, expected: list[str]) -> None:
    assert found(text, "anonymous source") == expected


# Sixth pass (Dec 1 convention): an unnamed group that found, decided, knows or made something known is a source;
# not one that only acted physically, nor a mention that attributes nothing (made-up sentences, each a source the
# fifth pass missed beside a contrast that stays unlabelled)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
    # verbs of finding, deciding and taking a stand (Dec 1 convention); not a physical act, a negated verb, a
    # bare infinitive ("if ... decide"), a finding under a modal, a stand on a person ("welcomed", "endorsed")
    ("Police searched the house on Monday. Investigators have determined that the fire was set on purpose.",
     ["Investigators"]),
    ("Officials decided that the bridge would stay closed, and police dragged away two protesters.", ["Officials"]),
    ("Authorities have already identified about 40 victims.", ["Authorities"]),
    ("Auditors traced three of the payments to a shell company after police raided the office.", ["Auditors"]),
    ("At the ministry, officials quietly applauded the verdict, while a heavy police presence kept crowds back.",
     ["officials"]),
    ("Health officials firmly rejected the proposal.", ["Health officials"]),
    ("At the agency, officials opposed the merger, and voters welcomed the plan.", ["officials"]),
    ("Investigators have not determined the cause, but inspectors have determined that the wiring failed.",
     ["inspectors"]),
    ("If negotiators decide to compromise, the deal will pass; regulators decided that the merger can go ahead.",
     ["regulators"]),
    ("Buyers who use the app will still know little, but engineers have traced the flaw to a faulty chip.",
     ["engineers"]),
    ("Officers found that the door had been forced, after police found the body.", ["Officers"]),
    ("Fans endorsed the coach, and factory workers knew the mill would close.", ["factory workers"]),
    # verbs of making known with a noun of saying as their object; not another object
    ("The police issued a parking ticket. Hours later, the police issued an urgent alert telling residents to stay indoors.",
     ["the police"]),
    ("Some landlords have issued statements that play down the problem.", ["Some landlords"]),
    ("Regional transport officials have released misleading statements about the delays.",
     ["Regional transport officials"]),
    # a belief in progress and a subject after "than" or after a verb whose complement it starts
    ("The price is higher than many traders were expecting.", ["many traders"]),
    ("Losses were ten times larger than analysts had estimated.", ["analysts"]),
    ("“It is costly, but I think most voters believe it is worth it,” he said.", ["most voters"]),
    # an unnamed committee or panel (with a/an), a judge (with a/an), an anchor; not "the committee", "the judge"
    ("An independent advisory committee voted 9-1 to approve the vaccine, but the committee had met only once.",
     ["An independent advisory committee"]),
    ("The judge approved a gag order. “The deal is dead,” a cable news anchor said.", ["a cable news anchor"]),
    # a bare plural group in an object relative clause without "that"; not the object of a physical act
    ("The gun police found was loaded, and he carried a bag detectives believe held the cash.", ["detectives"]),
    # quantifiers: "believed by many", "But those who know", "which many see as", "— many of whom"; "close to" a name
    ("The herb, believed by many to ease pain, is banned.", ["many"]),
    ("Few expect a bid. But those who know him believe he will run.", ["those who know him"]),
    ("The reform, which many see as overdue, passed.", ["many"]),
    ("He still leads his followers — many of whom believe he is a prophet — from prison.", ["many of whom"]),
    ("He told police he was tired. People close to Mr. Smith insisted he was tired too.", ["People close to Mr. Smith"]),
    # a relative clause before the group's own verb ("who fear ... say"); a stance after "appear"; a law passed;
    # "US" before a source noun is the country, not the pronoun
    ("Officials who decided the case were replaced, and critics who fear a crackdown say the law is vague.",
     ["critics who fear a crackdown"]),
    ("Farm officials appear unconcerned about the drought, though the river looks low.", ["Farm officials"]),
    ("Years ago, state legislators passed a law ending the tax, and residents passed the hat for the school.",
     ["state legislators"]),
    ("Talks have stalled, US officials said.", ["US officials"]),
    # verbs that report a finding only with what was found; not a participle with "by"
    ("Fans knew the words to every song, and officials know the plan is dead.", ["officials"]),
    ("Workers established a camp near the river; investigators established that the fire was arson.",
     ["investigators"]),
    ("Rebels ruled the town for years; police ruled out foul play.", ["police"]),
    ("The victims identified by police were young, and engineers traced the leak to a cracked pipe.", ["engineers"]),
    ],
)  # fmt: skip
def test_anonymous_source_sixth_pass_findings_decisions_and_relative_clauses(text: str, expected: list[str]) -> None:
    assert found(text, "anonymous source") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
    # saying in progress, claims made, a study's authors, a possessive before the sources cited
    ("Public health officials are urging everyone to get a shot.", ["Public health officials"]),
    ("Federal regulators have been debating whether to act.", ["Federal regulators"]),
    ("Residents were demanding answers at the meeting.", ["Residents"]),
    ("Local officials have made unlikely claims before.", ["Local officials"]),
    ("The authors discovered a recurring error in the studies.", ["The authors"]),
    ('Citing its "Asian sources," the blog claims the phone is thin.', ["Asian sources"]),
    # a modal right before the verb is no finding; a "to" in a clause between is no modal of the group's verb
    ("A group of doctors, alarmed that the agency is refusing vaccines to migrants, is urging the agency to act.",
     ["A group of doctors"]),
    ("People who upload photos will know that it is risky.", []),
    # no source: sources not cited, a physical search, something made that is no claim
    ("The paper said it, without citing its sources.", []),
    ("Police are searching the area for the men.", []),
    ("Local officials have made a cake for the fair.", []),
    ],
)  # fmt: skip
def test_anonymous_source_seventh_pass_saying_in_progress_and_claims_made(text: str, expected: list[str]) -> None:
    """Written from ndev's misses (news taken in a fixed order): saying in progress, claims made, citing with a
    possessive."""
    assert found(text, "anonymous source") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
    # a clause's verb inside the phrase: no noun phrase, no source
    ("The hostility toward young people raises wider questions about tolerance in the town.", []),
    ("Jane Roe, a member of the tribal council, said indigenous people in the valley were accustomed to mistreatment "
     "by police.", []),
    # a name in apposition, an organisation's name
    ("The chief executive of Acme, John Smith, has acknowledged that the firm failed to hire enough guards.", []),
    ("Engineers worried about the dam, the Federation of Concerned Engineers explained.", ["Engineers"]),
    # a trailing degree word is not part of the phrase
    ("It is the reform that the voters of Ohio quite rightly expect.", ["the voters of Ohio"]),
    # and what looks like a name but is a group stays
    ("A spokeswoman for Acme Medical Center said the plant was safe.", ["A spokeswoman for Acme Medical Center"]),
    ("Officials at the White House opposed the plan.", ["Officials at the White House"]),
    ("Many Tunisians said the vote was fair.", ["Many Tunisians"]),
    ],
)  # fmt: skip
def test_anonymous_source_phrases_are_noun_phrases(text: str, expected: list[str]) -> None:
    """What the rule takes must look like an unnamed group or person (suggest.anonymous_shape): on ordinary news it
    had run into the clause, kept a name in apposition, taken an organisation's name, kept "quite"."""
    assert found(text, "anonymous source") == expected
