"""Reading values out of a credential's JSON: texts in the reader's languages, numbers, dates,
safe links and images, country codes, alignments. Nothing is inferred: what cannot be read is
None.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from .facts import Alignment

MAX_TEXT = 2_000
MAX_ITEMS = 50
MAX_IMAGE_CHARS = 256 * 1024
MAX_NUMBER = 100_000

_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)
_DECIMAL = re.compile(r"\d{1,6}(?:[.,]\d{1,6})?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_HOURS_DURATION = re.compile(r"PT(\d{1,6}(?:\.\d{1,3})?)H")
_URL_TAIL = r"[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s\"'<>\\`]*)?"
_HTTPS_URL = re.compile("https://" + _URL_TAIL)
_HTTP_URL = re.compile("https?://" + _URL_TAIL)
# The declared type only sorts out what is no image at all: a page shows an image only after it
# was decoded and redrawn (``credentials/images.py``), whatever it says it is.
_DATA_IMAGES = tuple(
    f"data:image/{kind}{separator}"
    for kind in ("png", "jpeg", "gif", "webp", "svg+xml")
    for separator in ";,"
)
_EU_ALPHA3 = dict(pair.split(":") for pair in (
    "AUT:AT BEL:BE BGR:BG HRV:HR CYP:CY CZE:CZ DNK:DK EST:EE FIN:FI FRA:FR DEU:DE GRC:GR "
    "HUN:HU IRL:IE ITA:IT LVA:LV LTU:LT LUX:LU MLT:MT NLD:NL POL:PL PRT:PT ROU:RO SVK:SK "
    "SVN:SI ESP:ES SWE:SE ISL:IS LIE:LI NOR:NO CHE:CH GBR:GB"
).split())


def first_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, dict)), None)
    return value if isinstance(value, dict) else {}


def dig(value: Any, *keys: str) -> Any:
    """Follow member names, taking the first object wherever a list stands in the way."""
    for key in keys:
        value = first_dict(value).get(key)
    return value


def dicts(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items[:MAX_ITEMS] if isinstance(item, dict)]


class Paths:
    """The parts of one document addressed by dotted paths, such as ``achievement.ECTS``."""

    def __init__(self, roots: dict[str, Any], languages: tuple[str, ...]) -> None:
        self.roots = roots
        self.languages = languages

    def raw(self, path: str) -> Any:
        root, *keys = path.split(".")
        return dig(self.roots.get(root), *keys)

    def first(self, convert: Callable[[Any], Any], *paths: str) -> Any:
        """The first value among ``paths`` that ``convert`` accepts (False and 0 included)."""
        converted = (convert(self.raw(path)) for path in paths)
        return next((value for value in converted if value is not None), None)

    def text(self, *paths: str) -> str | None:
        return self.first(self.text_of, *paths)

    def extension(self, *keys: str, convert: Callable[[Any], Any] | None = None) -> Any:
        """An OB 3.0 extension term, on the achievement first, then on the subject."""
        paths = [f"{root}.{key}" for key in keys for root in ("achievement", "subject")]
        return self.first(convert or self.text_of, *paths)

    def text_of(self, value: Any, depth: int = 0) -> str | None:
        """Plain text from a string, number, language map, @value list, concept or note."""
        if isinstance(value, str):
            return _clean(value)
        if isinstance(value, bool) or depth > 2:
            return None
        if isinstance(value, int | float):
            return _clean(str(value))
        candidates = sorted(_tagged_candidates(value), key=lambda c: self._rank(c[0]))
        texts = (self.text_of(item, depth + 1) for _, item in candidates)
        return next(filter(None, texts), None)

    def texts_of(self, value: Any) -> tuple[str, ...] | None:
        """Several texts from a list; a list of @language variants is one text."""
        if not isinstance(value, list):
            return tuple(filter(None, [self.text_of(value)])) or None
        multilingual = any(isinstance(item, dict) and "@language" in item for item in value)
        items = [value] if multilingual else value[:MAX_ITEMS]
        return tuple(filter(None, map(self.text_of, items))) or None

    def language(self, *paths: str) -> str | None:
        """The language tag of the text ``text(*paths)`` picks, where the document tags it."""
        for path in paths:
            value = self.raw(path)
            if self.text_of(value) is None:
                continue
            candidates = sorted(_tagged_candidates(value), key=lambda c: self._rank(c[0]))
            return next((tag for tag, item in candidates if self.text_of(item, 1)), "") or None
        return None

    def _rank(self, tag: str) -> int:
        matches = (i for i, lang in enumerate(self.languages) if tag.split("-")[0] == lang)
        return next(matches, len(self.languages))


def _tagged_candidates(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, list):
        return [_tagged(item) for item in value[:MAX_ITEMS]]
    if not isinstance(value, dict):
        return []
    if "@value" in value:
        return [_tagged(value)]
    for wrapper in ("prefLabel", "noteLiteral"):
        if wrapper in value:
            return [("", value[wrapper])]
    if all(isinstance(key, str) and _LANGUAGE_TAG.fullmatch(key) for key in value):
        return [(key.lower(), text) for key, text in list(value.items())[:MAX_ITEMS]]
    return []


def _tagged(item: Any) -> tuple[str, Any]:
    if isinstance(item, dict) and "@value" in item:
        tag = item.get("@language")
        return (tag.lower() if isinstance(tag, str) else "", item["@value"])
    return ("", item)


def _clean(text: str) -> str | None:
    text = _UNSAFE_CHARACTERS.sub("", text[: MAX_TEXT * 4]).strip()
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - 1].rstrip() + "…"
    return text or None


def number(value: Any) -> float | None:
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        value = float(value.strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= MAX_NUMBER else None


def duration_fields(text: str | None) -> dict[str, Any]:
    """A stated workload's ``hours`` from an ISO 8601 duration in whole hours ("PT200H"), or
    any other form kept as ``text`` (for ``Workload``)."""
    hours = _HOURS_DURATION.fullmatch(text or "")
    if hours:
        return {"hours": number(hours.group(1)), "text": None}
    return {"hours": None, "text": text}


def framework_level(value: Any) -> int | None:
    level = number(value)
    return int(level) if level is not None and level.is_integer() and 1 <= level <= 8 else None


def concept_code(value: Any) -> str | None:
    """The last path segment of a concept URI such as ``…/country/SWE`` or ``…/eqf/5``."""
    code = value.get("id") if isinstance(value, dict) else value
    return code.strip().rsplit("/", 1)[-1] if isinstance(code, str) else None


def boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def calendar_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def image_url(value: Any) -> str | None:
    url = value.get("id") if isinstance(value, dict) else value
    if not isinstance(url, str) or len(url) > MAX_IMAGE_CHARS:
        return None
    url = url.strip()
    return url if url.lower().startswith(_DATA_IMAGES) or _HTTPS_URL.fullmatch(url) else None


def language_tag(value: Any) -> str | None:
    """A BCP 47 language tag such as "sv" or "en-GB", else None."""
    if isinstance(value, str) and len(value) <= 35 and _LANGUAGE_TAG.fullmatch(value):
        return value
    return None


def link_url(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return None
    return value.strip() if _HTTP_URL.fullmatch(value.strip()) else None


def country(paths: Paths, value: Any) -> str | None:
    code = (concept_code(value) or "").upper()
    if re.fullmatch("[A-Z]{2}", code):
        return code
    return _EU_ALPHA3.get(code) or paths.text_of(value)


def alignments_of(paths: Paths, value: Any) -> tuple[Alignment, ...]:
    """Each Open Badges ``alignment`` object: a framework's name, code, link and type."""
    return tuple(
        Alignment(
            name=paths.text_of(alignment.get("targetName")),
            url=link_url(alignment.get("targetUrl")),
            framework=paths.text_of(alignment.get("targetFramework")),
            code=paths.text_of(alignment.get("targetCode")),
            target_type=paths.text_of(alignment.get("targetType")),
        )
        for alignment in dicts(value)
    )


def is_esco(alignment: Alignment) -> bool:
    """Whether the alignment names an ESCO skill (by framework or by an ESCO address)."""
    url = (alignment.url or "").removeprefix("https://").removeprefix("http://")
    return (alignment.framework or "").upper() == "ESCO" or url.startswith("data.europa.eu/esco/")


def level_of(alignments: tuple[Alignment, ...], target_type: str) -> int | None:
    """The first level 1 to 8 stated by an alignment of ``target_type`` ("ext:EQF", "ext:SeQF")."""
    codes = (framework_level(a.code) for a in alignments if a.target_type == target_type)
    return next(filter(None, codes), None)
