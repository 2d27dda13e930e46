"""Actor mentions: registry names and aliases, short forms, and unknown named entities.

Doc + Registry -> mention candidates. Registry names match case-sensitively on word
boundaries, longest first, so 'US' inside 'US State Department' is not a second mention.
A lowercase short form ('the council') counts only after 'the' and only once its actor has
been named in full earlier in the article, which is what makes it unambiguous. Named entities
that are not in the registry become candidate actors with a type guessed from their label
and words; places that are not countries are not actors.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import pycountry

from ..spans import find_all
from ..vocabulary import overlaps_any as _overlaps

COUNTRY_ALIASES = {
    "UK": "GBR",
    "Britain": "GBR",
    "US": "USA",
    "USA": "USA",
    "Palestine": "PSE",
    "Russia": "RUS",
    "Iran": "IRN",
    "Syria": "SYR",
    "DRC": "COD",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Vietnam": "VNM",
    "Turkey": "TUR",
    "Bolivia": "BOL",
    "Tanzania": "TZA",
    "Ivory Coast": "CIV",
    "Macedonia": "MKD",
    # names the UN and the news used before a state's current one
    "former Yugoslav Republic of Macedonia": "MKD",
    "Former Yugoslav Republic of Macedonia": "MKD",
    "Burma": "MMR",
    "Swaziland": "SWZ",
    "East Timor": "TLS",
    "Cape Verde": "CPV",
    "Czech Republic": "CZE",
    "Republic of Korea": "KOR",
    "Democratic People's Republic of Korea": "PRK",
    "South Sudan": "SSD",
}


def _multiword_states() -> dict[str, str]:
    """pycountry's country names of two or more words (and the aliases above) -> alpha-3."""
    out = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None)):
            if n and len(n.split()) >= 2 and "," not in n and "(" not in n:
                out[n] = c.alpha_3
    out.update({n: code for n, code in COUNTRY_ALIASES.items() if len(n.split()) >= 2})
    return out


def family_names(name: str) -> set[str]:
    """A person's full name -> the words a later reference by one name may use: the last
    ('Kirby' for Michael Kirby) and, for names of three words or more, the first, which is the
    family name in East Asian order ('Kim' for Kim Jong Un, 'Xi' for Xi Jin Ping)."""
    words = name.split()
    out = {words[-1], words[0]} if len(words) >= 3 else {words[-1]}
    # 'Bashar al-Assad' is 'Assad' alone; 'Zeid Ra'ad al-Hussein' is 'Hussein'
    return out | {re.sub(r"^(?:[Aa]l|[Ee]l)-", "", w) for w in out if re.match(r"(?:[Aa]l|[Ee]l)-[A-Z]", w)}


def slug(name: str) -> str:
    """A name -> the registry's id convention: ASCII letters and digits joined by hyphens, accents
    dropped ('Nicolás' -> nicolas) and apostrophes inside a word too ("Ra'ad" -> raad)."""
    plain = re.sub(r"(?<=\w)['\u2019](?=\w)", "", name)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "actor"


def country_code(name: str) -> str:
    """A country's name -> ISO 3166-1 alpha-3, or '' when it is not a country."""
    if name in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return ""


MULTIWORD_STATES = _multiword_states()


@dataclass(frozen=True)
class RegistryActor:
    id: str
    name: str
    type: str


@dataclass(frozen=True)
class Gazetteer:
    """seeds/gazetteer.yaml: well-known organisations by type, and name keywords -> type."""

    names: dict[str, str]  # exact name -> actor type
    keywords: tuple[tuple[str, re.Pattern[str]], ...] = ()
    canonical: dict[str, str] = field(default_factory=dict)  # other name -> the body's listed name
    institutions: dict[str, str] = field(default_factory=dict)  # a state's 'foreign ministry', 'army' -> actor type
    memberships: dict[str, str] = field(default_factory=dict)  # a body's name -> the name of the body electing its members
    titles: dict[str, str] = field(default_factory=dict)  # a head's title ('human rights chief') -> the body's name
    demonyms: dict[str, str] = field(default_factory=dict)  # 'Venezuelan' -> 'Venezuela'
    capitals: dict[str, str] = field(default_factory=dict)  # 'Tehran' -> 'Iran'
    acting: frozenset[str] = frozenset()  # words after a demonym naming the state acting ('authorities')

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Gazetteer:
        names: dict[str, str] = {}
        canonical: dict[str, str] = {}
        for kind, listed in (data.get("names") or {}).items():
            for entry in listed or []:
                for name, others in (entry.items() if isinstance(entry, dict) else [(entry, [])]):
                    for n in [name, *others]:
                        names[str(n)] = kind
                        canonical[str(n)] = str(name)
        keywords = tuple((str(k["type"]), re.compile(r"\b(?:" + "|".join(re.escape(str(w)) for w in k["words"]) + r")\b"))
                         for k in data.get("keywords") or [])
        institutions: dict[str, str] = {}
        for kind, listed in (data.get("institutions") or {}).items():
            for entry in listed or []:
                for word, others in (entry.items() if isinstance(entry, dict) else [(entry, [])]):
                    for w in [word, *others]:
                        institutions[str(w).lower()] = kind
                        canonical[str(w).lower()] = str(word)
        memberships = {str(k): str(v) for k, v in (data.get("memberships") or {}).items()}
        titles = {str(t).lower(): str(body) for body, listed in (data.get("titles") or {}).items() for t in listed}
        demonyms = {str(k): str(v) for k, v in (data.get("demonyms") or {}).items()}
        capitals = {str(k): str(v) for k, v in (data.get("capitals") or {}).items()}
        acting = frozenset(str(w).lower() for w in data.get("acting") or [])
        return cls(names, keywords, canonical, institutions, memberships, titles, demonyms, capitals, acting)

    def name_of(self, name: str) -> str:
        """Any listed name of a body -> the name it is listed under ('UNGA' -> 'UN General Assembly')."""
        return self.canonical.get(name, name)

    def type_of(self, name: str) -> str:
        """An organisation's name -> its type: a listed name, else the first keyword, else group."""
        if name in self.names:
            return self.names[name]
        return next((kind for kind, pattern in self.keywords if pattern.search(name)), "group")


class Registry:
    """Actor registry (+ gazetteer) -> lookup tables of the names the extractor may link."""

    def __init__(self, actors: dict[str, Any], non_actors: frozenset[str] | set[str] = frozenset(), gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer({})
        self.non_actors = set(non_actors)
        self.actors = {a.id: RegistryActor(a.id, a.name, a.type) for a in actors.values()}
        self.parents = {a.id: a.parent for a in actors.values() if getattr(a, "parent", "")}
        names: dict[str, set[str]] = {}
        for a in actors.values():
            for n in {a.name, *a.aliases}:
                names.setdefault(n, set()).add(a.id)
        # A name two actors share is ambiguous: the extractor leaves it to review.
        self.names = {n: next(iter(ids)) for n, ids in names.items() if len(ids) == 1}
        self.by_surname: dict[str, set[str]] = {}
        for a in actors.values():
            if a.type == "person":
                for word in family_names(a.name):
                    self.by_surname.setdefault(word, set()).add(a.id)

    def type_of(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.type if actor else ""

    def id_of(self, name: str) -> str:
        """A body's name -> the id a mention of it gets: the registry's, else the gazetteer
        candidate's ('UN General Assembly' -> un-general-assembly)."""
        return self.names.get(name) or slug(self.gazetteer.name_of(name))

    def electors(self) -> dict[str, str]:
        """The gazetteer's memberships as ids: body -> the body that elects (and suspends) its members."""
        return {self.id_of(body): self.id_of(elector) for body, elector in self.gazetteer.memberships.items()}


def guess_type(label: str, name: str, gazetteer: Gazetteer | None = None) -> tuple[str, str]:
    """An entity label and its words -> (actor_type, country_code), or ('', '') for a place.
    A name the gazetteer lists keeps its listed type whatever the label."""
    gazetteer = gazetteer or Gazetteer({})
    if name in gazetteer.names:
        return gazetteer.names[name], ""
    code = country_code(name)
    if code:  # a country's name is a state, whatever label the small model gave it
        return "state", code
    if label == "PERSON":
        return "person", ""
    if label == "GPE":
        return "", ""  # a place that is not a country
    return gazetteer.type_of(name), ""


FURNITURE = re.compile(
    r"^[ \t]*(?:(?:also read|read more|read also|related|recommended|watch|listen)\s*:.*"
    r"|(?:follow (?:us|our)|subscribe to|sign up for|click here|download our)\b.*)$",
    re.I | re.M,
)


# A dateline opening a paragraph: 'UNITED NATIONS, May 21 (UPI) --', 'GENEVA (AP) —', 'Geneva (AFP) -'.
DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([A-Za-z-]+\))?\s*(?:--|\u2014|\u2013|:)"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)?\s+\((?:AFP|AP|Reuters|UPI|IPS|dpa|Xinhua)\)\s*(?:--|\u2014|\u2013|-))",
    re.M,
)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Lines of site furniture ('Also Read: ...', 'Follow our ... channel') and datelines
    ('GENEVA (AP) —': where the story was filed, not an actor) -> their spans."""
    spans = [(m.start(), m.end()) for m in FURNITURE.finditer(text)] + [(m.start(), m.end()) for m in DATELINE.finditer(text)]
    return sorted(spans)


# ('the State of Palestine' is a state: no 'state' here)
PLACE_NOUNS = {"village", "town", "city", "region", "province", "district", "county", "port", "island",
               "neighbourhood", "neighborhood", "camp", "municipality"}


def _place_of(ent) -> bool:
    """'the village of Marinka', 'the city of Goma': a name a place noun introduces is a place,
    whatever label the tagger gives it."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in PLACE_NOUNS


def _lone_name(ent, text: str) -> bool:
    """'to put Kabila on trial': a single name the tagger calls a person is one when it stands
    inside a sentence (not capitalised for opening it), as a proper noun, and the article never
    writes the word in lower case (it is no common word capitalised)."""
    tok = ent[0]
    word = ent.text
    return (len(ent) == 1 and tok.pos_ == "PROPN" and not tok.is_sent_start and word.isalpha() and len(word) >= 4
            and word[0].isupper() and not word.isupper() and not re.search(rf"\b{re.escape(word.lower())}\b", text))


def _short_form(name: str) -> bool:
    """'council', 'high commissioner': lowercase names of one or two words only count after
    'the' once the actor has been named in full."""
    return name[0].islower() and len(name.split()) <= 2


# 'the town council' is another council than the one the article named
OTHER_BODIES = {"town", "city", "local", "municipal", "security", "state", "national", "provincial", "regional", "military",
                "transitional", "sovereign", "governing", "ruling", "executive", "other", "economic", "student", "tribal"}
AFTER_THE = re.compile(r"\b[Tt]he\s+(?:(?P<word>[a-z0-9][a-z0-9-]*)\s+)?$")


def _after_the(text: str, start: int) -> bool:
    """A short form counts after 'the' or 'the' and one lowercase word ('the council', 'the
    revamped council', 'the 47-member council'), not after a word naming another body."""
    hit = AFTER_THE.search(text, max(0, start - 40), start)
    return hit is not None and hit.group("word") not in OTHER_BODIES


# courtesy titles the tagger sometimes takes into a PERSON entity ('Mr' it mostly leaves out)
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?=[A-Z])")


def extract_mentions(doc, registry: Registry, furniture=(), year: str = "") -> tuple[list[dict], dict[str, dict]]:
    """Doc -> (mention candidates sorted by offset, {candidate actor id: name, type, country})."""
    text = doc.text
    taken: list[tuple[int, int]] = list(furniture)  # nothing in site furniture is a mention
    found: list[dict] = []
    first_seen: dict[str, int] = {}
    candidates: dict[str, dict[str, str]] = {}
    listed = {n: kind for n, kind in registry.gazetteer.names.items() if n not in registry.names}
    # countries of several words ('South Sudan', 'North Macedonia') before the registry's shorter
    # names, so that 'Sudan' inside 'South Sudan' is not a mention of Sudan
    states = {n: code for n, code in MULTIWORD_STATES.items() if n not in registry.names and n in text}
    for name in sorted({*registry.names, *listed, *states}, key=lambda n: (-len(n), n)):
        if _short_form(name):
            continue
        for span in find_all(text, name):
            if not _overlaps(span, taken):
                taken.append(span)
                if name in states and name not in registry.names and name not in listed:
                    code = states[name]
                    actor = code.lower()
                    if actor not in registry.actors:
                        candidates.setdefault(actor, {"name": name, "actor_type": "state", "country_code": code})
                elif name in registry.names:
                    actor = registry.names[name]
                else:  # a well-known organisation the registry lacks: a typed candidate
                    known = registry.gazetteer.name_of(name)
                    actor = slug(known) if slug(known) not in registry.actors else f"{slug(known)}-candidate"
                    candidates.setdefault(actor, {"name": known, "actor_type": listed[name], "country_code": ""})
                found.append({"start": span[0], "end": span[1], "text": name, "actor_id": actor})
                first_seen[actor] = min(first_seen.get(actor, span[0]), span[0])
    _state_words(text, registry, found, taken, candidates, first_seen)
    for name in sorted(registry.names, key=lambda n: (-len(n), n)):
        if not _short_form(name):
            continue
        actor = registry.names[name]
        for start, end in find_all(text, name):
            named_before = first_seen.get(actor, len(text)) < start
            if named_before and _after_the(text, start) and not _overlaps((start, end), taken):
                taken.append((start, end))
                found.append({"start": start, "end": end, "text": name, "actor_id": actor})
    surnames: dict[str, set[str]] = {}
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE"):
            continue
        start, end = ent.start_char, ent.end_char
        words = ent.text
        if words.lower().startswith("the "):
            start, words = start + 4, words[4:]
        honorific = HONORIFIC.match(words) if ent.label_ == "PERSON" else None
        if honorific:  # 'Ms Lindqvist', 'Dr. Mensah': the title is no part of the name
            start, words = start + honorific.end(), words[honorific.end():]
        while re.match(r"[a-z][a-z-]*\s", words) and ent.label_ == "ORG":
            # 'previous Commission on Human Rights', 'discredited Commission': an adjective is not
            # part of the name
            cut = words.index(" ") + 1
            start, words = start + cut, words[cut:]
        for suffix in ("'s", "\u2019s"):
            if words.endswith(suffix):
                end, words = end - len(suffix), words[: -len(suffix)]
        if not words or any(c in words for c in "/\n\"“”0123456789") or _overlaps((start, end), taken):
            continue
        if words in registry.non_actors or (_place_of(ent) and not country_code(words)):
            continue
        if len(words.split()) == 1:
            # A surname alone is the person named in full earlier in the article, whatever label
            # the tagger gives it ('Maduro' tagged as an organisation after 'Nicolás Maduro').
            ids = (registry.by_surname.get(words, set()) | surnames.get(words, set())) & set(first_seen)
            if len(ids) == 1:
                actor = next(iter(ids))
                taken.append((start, end))
                found.append({"start": start, "end": end, "text": words, "actor_id": actor})
                continue
        kind, code = guess_type(ent.label_, words, registry.gazetteer)
        if kind in ("military", "group") and re.search(r"\b(?:paramilitary|rebel|militia|insurgent|jihadist)\s+$", text[max(0, start - 20):start], re.I):
            kind = "armed_group"  # 'the paramilitary Rapid Support Forces' is no state's army
        if not kind or (kind == "person" and len(words.split()) < 2 and not _lone_name(ent, text)):
            continue  # a place, or a lone unknown name that cannot be told from a capitalised word
        if kind == "state":
            actor = code.lower()  # the registry's convention: a state's id is its ISO alpha-3 code
            if actor in registry.actors:  # the registry's state under a name it does not list
                taken.append((start, end))
                found.append({"start": start, "end": end, "text": words, "actor_id": actor})
                first_seen.setdefault(actor, start)
                continue
        else:
            words_known = registry.gazetteer.name_of(words)
            actor = slug(words_known)
            if actor in registry.actors:
                actor = f"{actor}-candidate"
        candidates.setdefault(actor, {"name": registry.gazetteer.name_of(words), "actor_type": kind, "country_code": code})
        if kind == "person":
            for word in family_names(words):
                surnames.setdefault(word, set()).add(actor)
        first_seen.setdefault(actor, start)
        taken.append((start, end))
        found.append({"start": start, "end": end, "text": words, "actor_id": actor})
    _surnames_alone(doc, registry, surnames, first_seen, found, taken)
    _investigative_bodies(text, registry, found, taken, candidates, year)
    _state_institutions(text, registry, found, taken, candidates)
    heads = _titles(text, registry, found, taken, candidates)
    _offices(text, registry, found, taken, heads)
    _the_body(text, registry, found, taken, candidates)
    _the_country(doc, text, registry, found, taken, candidates)
    found.sort(key=lambda m: (m["start"], m["end"]))
    return found, candidates


# 'the country', 'the Andean nation', 'the Central American country', 'the strife-torn
# nation': a state described, not named. Not 'the second country to ...', 'the country under
# review', 'the country itself' (any country, in a description of a process).
THE_COUNTRY = re.compile(
    r"\b[Tt]he\s+(?P<words>(?:(?:[A-Z][\w-]*|of)\s+){0,4}(?:(?!(?:first|second|third|last|next|only|other|same|host|"
    r"whole|entire|relevant|concerned|respective)\b)[a-z][\w-]*\s+){0,2}(?:country|nation))\b"
    r"(?!\s+(?:of|under|itself|that|which|where|whose|being|to|in question)\b)")


def _the_country(doc, text: str, registry: Registry, found: list[dict], taken: list, candidates: dict) -> None:
    """'the country', 'the Andean nation' -> a mention of the state named last before
    it, when that was within the two sentences before (else the description is left alone)."""
    starts = [s.start_char for s in doc.sents]

    def sentence(at: int) -> int:
        return max(0, bisect.bisect_right(starts, at) - 1)

    def state(actor: str) -> bool:
        kind = registry.type_of(actor) if actor in registry.actors else candidates.get(actor, {}).get("actor_type", "")
        return kind == "state"

    for hit in THE_COUNTRY.finditer(text):
        span = (hit.start("words"), hit.end("words"))
        if _overlaps(span, taken):
            continue
        before = [m for m in found if m["end"] <= span[0] and state(m["actor_id"])]
        if not before:
            continue
        last = max(before, key=lambda m: m["start"])
        if sentence(span[0]) - sentence(last["start"]) > 2:
            continue
        taken.append(span)
        found.append({"start": span[0], "end": span[1], "text": text[span[0]:span[1]], "actor_id": last["actor_id"]})


def _surnames_alone(doc, registry, surnames: dict[str, set[str]], first_seen: dict[str, int], found: list[dict],
                    taken: list[tuple[int, int]]) -> None:
    """'Shaheed described his latest report': a proper noun standing alone that is the family name
    of one person named in full earlier, which the tagger left without an entity label."""
    for tok in doc:
        if tok.pos_ != "PROPN" or tok.ent_type_ or not tok.text[:1].isupper():
            continue
        if any(n.pos_ == "PROPN" for n in (tok.nbor(-1) if tok.i else None, tok.nbor(1) if tok.i + 1 < len(doc) else None) if n is not None):
            continue  # part of a longer name
        start, end = tok.idx, tok.idx + len(tok.text)
        ids = {a for a in registry.by_surname.get(tok.text, set()) | surnames.get(tok.text, set())
               if first_seen.get(a, len(doc.text)) < start}
        if len(ids) == 1 and not _overlaps((start, end), taken):
            taken.append((start, end))
            found.append({"start": start, "end": end, "text": tok.text, "actor_id": ids.pop()})


# a capital after one of these words is the place, not the government
PLACE_BEFORE = re.compile(r"\b(?:in|at|from|to|near|outside|around|across|of|via|into|inside|between|and|visit(?:ed|ing|s)?)\s+$", re.I)


def _state_words(text: str, registry: Registry, found: list[dict], taken: list, candidates: dict, first_seen: dict) -> None:
    """The gazetteer's demonyms ('Venezuelan authorities') and capitals standing for their
    government ('Tehran had pulled out') -> mentions of the state."""
    gazetteer = registry.gazetteer
    words = {**{w: ("demonym", c) for w, c in gazetteer.demonyms.items()}, **{w: ("capital", c) for w, c in gazetteer.capitals.items()}}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        if word in registry.names:
            continue  # the registry's own alias decides
        kind, country = words[word]
        code = country_code(country)
        for start, end in find_all(text, word):
            if _overlaps((start, end), taken):
                continue
            # 'Venezuelan authorities' but not 'Venezuelan people', 'pro-Israeli groups'; 'Tehran said' but not 'in Tehran'
            after = re.match(r" ([A-Za-z]+)\b", text[end:end + 20])  # 'Venezuelan President', 'Iranian authorities'
            if kind == "demonym" and (after is None or after.group(1).lower() not in gazetteer.acting or text[start - 1:start] == "-"):
                continue
            if kind == "capital" and (PLACE_BEFORE.search(text, max(0, start - 12), start) or text[end:end + 1] == "-"):
                continue
            actor = code.lower()
            if actor not in registry.actors:
                candidates.setdefault(actor, {"name": country, "actor_type": "state", "country_code": code})
            taken.append((start, end))
            found.append({"start": start, "end": end, "text": word, "actor_id": actor})
            first_seen.setdefault(actor, start)


# A UN investigative body named by description: 'the UN commission of inquiry', 'a three-member
# "fact-finding mission"', 'the United Nations human rights team', 'U.N. investigators'. The
# mention is the body's own words (`core`); a UN named before them stays a mention of the UN.
_UN = r"(?:UN|U\.N\.|United Nations)"
INQUIRY_BODY = re.compile(
    r"\b(?P<core>[Cc]ommission of [Ii]nquiry|[Ff]act-[Ff]inding (?:[Mm]ission|[Tt]eam|[Pp]anel))\b"
    # 'U.N. Mission on the Bolivarian Republic of Venezuela': a capitalised body with its whole name
    r"|(?:(?<=UN )|(?<=U\.N\. )|(?<=United Nations ))(?P<core5>(?:[A-Z][\w-]+ )*(?:Mission|Commission|Panel|Team) (?:on|for|to|in) "
    r"(?:the )?[A-Z][\w'\u2019-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'\u2019-]*)*)"
    r"|(?:(?<=UN )|(?<=U\.N\. )|(?<=United Nations ))(?P<core2>(?:human rights )?(?:[Tt]eam|[Mm]ission|[Pp]anel|investigators))\b"
    r"|(?:(?<=UN-)|(?<=U\.N\.-))(?:appointed|mandated|backed) (?P<core3>investigators)\b"
    rf"|\b(?P<core4>[Ii]nvestigators) (?:from|working for|of|for) the {_UN}")
# Once such a body is named, 'the commission', 'the team', 'the investigators' ... are it.
INQUIRY_SHORT = re.compile(r"\b[Tt]he\s+(?:[a-z]+-member\s+)?(?P<core>commission|team|mission|panel|investigators|inquiry|fact-finding (?:team|mission))\b")


def _core(m: re.Match) -> tuple[int, int]:
    group = next(g for g in ("core", "core2", "core3", "core4", "core5") if g in m.re.groupindex and m.group(g))
    return m.start(group), m.end(group)


INQUIRY_KINDS = ("UN commission of inquiry", "UN fact-finding mission")


def inquiry_bodies(candidates: dict[str, dict]) -> set[str]:
    """Candidate actors -> the ids of those that are UN inquiry bodies described in the article."""
    return {a for a, c in candidates.items() if c["actor_type"] == "igo" and c["name"].startswith(INQUIRY_KINDS)}


def _investigative_bodies(text: str, registry: Registry, found: list[dict], taken: list, candidates: dict, year: str) -> None:
    """A UN commission of inquiry or fact-finding mission the article describes -> one candidate
    actor named after the state the article is about (the state mentioned most) and the year of
    publication, since such bodies are mandated for one country and period ('UN commission of
    inquiry on Eritrea (2015)'); its descriptions and later short references ('the commission')
    are its mentions. Nothing when the registry already names the body (its names are taken first)."""
    def free(core: tuple[int, int]) -> bool:  # names inside a body's whole name are part of it
        return not _overlaps(core, [t for t in taken if not (core[0] <= t[0] and t[1] <= core[1] and t != core)])

    first = next((m for m in INQUIRY_BODY.finditer(text) if free(_core(m))), None)
    if first is None:
        return
    states: dict[str, int] = {}
    for m in found:
        kind = registry.type_of(m["actor_id"]) or candidates.get(m["actor_id"], {}).get("actor_type", "")
        if kind == "state":
            states[m["actor_id"]] = states.get(m["actor_id"], 0) + 1
    spans = [_core(m) for m in INQUIRY_BODY.finditer(text, first.start())]
    spans += [(m.start("core"), m.end("core")) for m in INQUIRY_SHORT.finditer(text, first.end())]
    kind = "commission of inquiry" if any("ommission" in text[a:b] for a, b in spans) else "fact-finding mission"
    topic = max(sorted(states), key=lambda a: states[a]) if states else ""
    # 'the UN Mission on the Bolivarian Republic of Venezuela': the state its name gives
    topic = next((m["actor_id"] for m in found for a, b in spans if a <= m["start"] and m["end"] <= b and m["actor_id"] in states), topic)
    place = (registry.actors[topic].name if topic in registry.actors else candidates.get(topic, {}).get("name", "")) if topic else ""
    name = (f"UN {kind} on {place}" if place else f"UN {kind}") + (f" ({year})" if year else "")
    actor = slug(name) if slug(name) not in registry.actors else f"{slug(name)}-candidate"
    candidates.setdefault(actor, {"name": name, "actor_type": "igo", "country_code": ""})
    un_ids = {registry.names.get(n) for n in ("UN", "U.N.", "United Nations")} - {None}
    for start, end in sorted(set(spans)):
        # 'the UN commission of inquiry': the UN named just before is part of the body's name
        before = next((m for m in found if m["actor_id"] in un_ids and 0 <= start - m["end"] <= 16
                       and re.fullmatch(r"[\s-]+(?:human rights\s+)?", text[m["end"]:start])), None)
        if before is not None and (before["start"], before["end"]) in taken:
            found.remove(before)
            taken.remove((before["start"], before["end"]))
            start = before["start"]
        for x in [x for x in found if start <= x["start"] and x["end"] <= end and (x["start"], x["end"]) != (start, end)]:
            found.remove(x)  # 'Mission on the Bolivarian Republic of Venezuela': the state is in the body's name
            taken.remove((x["start"], x["end"]))
        if _overlaps((start, end), taken):
            continue
        taken.append((start, end))
        found.append({"start": start, "end": end, "text": text[start:end], "actor_id": actor})


def _state_institutions(text: str, registry: Registry, found: list[dict], taken: list, candidates: dict) -> None:
    """'Cuba's foreign ministry', 'Myanmar's army', 'the Myanmar military' -> a candidate actor of
    the state's institution (types from the gazetteer's `institutions`), its mention the
    institution's words; the state stays a mention of its own."""
    words = registry.gazetteer.institutions
    if not words:
        return
    pattern = re.compile(r"(?:['\u2019]s)?\s+(?P<inst>" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)
    for m in list(found):
        state = m["actor_id"]
        kind = registry.type_of(state) or candidates.get(state, {}).get("actor_type", "")
        if kind != "state":
            continue
        hit = pattern.match(text, m["end"])
        if hit is None:
            continue
        span = (hit.start("inst"), hit.end("inst"))
        inner = [x for x in found if span[0] <= x["start"] and x["end"] <= span[1]]
        for x in inner:  # 'mission to the United Nations': the UN is part of the institution's name
            found.remove(x)
            taken.remove((x["start"], x["end"]))
        if _overlaps(span, taken):
            continue
        inst = registry.gazetteer.name_of(hit.group("inst").lower())  # 'army' -> 'military'
        possessive = hit.group(0)[:2] in ("'s", "\u2019s")
        name = f"{text[m['start']:m['end']]}{'’s' if possessive else ''} {inst}".replace("’s", "'s")
        actor = f"{state}-{slug(inst)}"
        if actor in registry.actors:
            continue
        candidates.setdefault(actor, {"name": name, "actor_type": words[inst.lower()], "country_code": state.upper() if len(state) == 3 else ""})
        taken.append((hit.start("inst"), hit.end("inst")))
        found.append({"start": hit.start("inst"), "end": hit.end("inst"), "text": hit.group("inst"), "actor_id": actor})


# the words a title may carry before it: 'the top U.N. human rights chief', "the UN's human rights chief"
TITLE_PREFIX = r"(?:(?:[Tt]he|[Tt]op|UN|U\.N\.|United Nations)(?:['\u2019]s)?\s+)*"


def _claim(text: str, span: tuple[int, int], actor: str, found: list[dict], taken: list) -> bool:
    """Words naming one actor as a whole -> one mention of it, replacing the mentions inside
    them; False when the span overlaps another mention."""
    for x in [x for x in found if span[0] <= x["start"] and x["end"] <= span[1]]:
        found.remove(x)
        taken.remove((x["start"], x["end"]))
    if _overlaps(span, taken):
        return False
    taken.append(span)
    found.append({"start": span[0], "end": span[1], "text": text[span[0]:span[1]], "actor_id": actor})
    return True


def _titles(text: str, registry: Registry, found: list[dict], taken: list, candidates: dict) -> dict[str, str]:
    """Titles of the heads of bodies (the gazetteer's `titles`) -> {person id: body id} for the
    persons the article names with one ('UN human rights chief Jane Doe', 'Jane Doe, the high
    commissioner for human rights'). 'the office of the UN human rights chief' becomes a mention
    of the body; a title that opens a sentence with no name beside it ('The top UN human rights
    official on Monday denounced ...') is a mention of the person the next sentence names first."""
    titles = registry.gazetteer.titles
    if not titles:
        return {}
    pattern = re.compile(TITLE_PREFIX + r"(?P<title>" + "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True)) + r")\b", re.I)

    def person(m: dict) -> bool:
        return (registry.type_of(m["actor_id"]) or candidates.get(m["actor_id"], {}).get("actor_type", "")) == "person"

    heads: dict[str, str] = {}
    for hit in pattern.finditer(text):
        body = registry.id_of(titles[hit.group("title").lower()])
        start, end = hit.start(), hit.end()
        office = re.search(r"\b[Oo]ffice of\s+$", text[max(0, start - 12):start])
        beside = next((m for m in found if person(m) and (
            re.fullmatch(r",?\s*", text[end:m["start"]]) if m["start"] >= end else re.fullmatch(r",\s*", text[m["end"]:start]))), None)
        if beside is not None:  # 'the office of the high commissioner, Jane Doe': she heads it
            heads.setdefault(beside["actor_id"], body)
        if office is not None:
            span = (start - len(office.group(0)), end)
            if any(span[0] <= x["start"] and x["end"] <= span[1] and x["actor_id"] == body for x in found):
                continue  # the registry names the body by its head's title already
            _claim(text, span, body, found, taken)  # 'the office of the U.N. human rights chief': the UN is in the name
            continue
        if beside is not None:
            continue
        opens = re.search(r"(?:^|[.!?\n]\s*)$", text[max(0, start - 3):start]) and text[start:start + 4].lower() == "the "
        stop = text.find(".", end)
        after = next((m for m in found if person(m) and m["start"] > end and stop >= 0 and text.rfind(".", 0, m["start"]) == stop
                      and re.fullmatch(r"\s*", text[stop + 1:m["start"]])), None)
        # the title's words, not 'The', are the person's mention
        if opens and after is not None and _claim(text, (start + 4, end), after["actor_id"], found, taken):
            heads.setdefault(after["actor_id"], body)
    return heads


def _offices(text: str, registry: Registry, found: list[dict], taken: list, heads: dict[str, str] | None = None) -> None:
    """'Turk's office': the office of a registry person is the body the person belongs to, and
    so is the office of a person the article names with the title of that body's head."""
    parents = {**registry.parents, **(heads or {})}
    for m in list(found):
        parent = parents.get(m["actor_id"])
        if not parent or (registry.type_of(m["actor_id"]) != "person" and m["actor_id"] not in (heads or {})):
            continue
        hit = re.compile(r"['\u2019]s\s+(?P<office>office)\b").match(text, m["end"])
        if hit is None or _overlaps((hit.start("office"), hit.end("office")), taken):
            continue
        taken.append((hit.start("office"), hit.end("office")))
        found.append({"start": hit.start("office"), "end": hit.end("office"), "text": "office", "actor_id": parent})


BODY_HEADS = ("Council", "Assembly", "Commission", "Committee", "Court", "Office", "Agency", "Programme", "Tribunal")


def _the_body(text: str, registry: Registry, found: list[dict], taken: list, candidates: dict) -> None:
    """'the Council', 'the Assembly' (capitalised, after 'the') -> the organisation whose name ends
    in that word named last before it ('the Security Council ... the Council urged')."""
    names = {a: r.name for a, r in registry.actors.items()} | {a: c["name"] for a, c in candidates.items()}
    for hit in re.finditer(r"\b[Tt]he (?P<head>" + "|".join(BODY_HEADS) + r")\b(?! of| for| on| to)", text):
        start, end = hit.start("head"), hit.end("head")
        before = sorted((m for m in found if m["end"] <= start and (names.get(m["actor_id"], "").endswith(hit.group("head"))
                                                                   or m["text"].endswith(hit.group("head")))), key=lambda m: m["start"])
        # the short name stands for the body named last; a mention taken by a weaker rule gives way
        clash = [x for x in found if x["start"] == start and x["end"] == end and x["actor_id"] in candidates and x["actor_id"] not in names.keys() - candidates.keys()]
        if not before:
            continue
        for x in clash:
            if candidates.get(x["actor_id"], {}).get("name") == hit.group("head"):
                found.remove(x)
                taken.remove((x["start"], x["end"]))
        if _overlaps((start, end), taken):
            continue
        taken.append((start, end))
        found.append({"start": start, "end": end, "text": hit.group("head"), "actor_id": before[-1]["actor_id"]})
