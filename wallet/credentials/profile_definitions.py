"""An occupational profile's JSON definition (README, "Occupational profiles"), read and written.

    {"slug": …, "name": {"sv": …, "en": …}, "owner": ISSUER_ID, "description": {…},
     "levels": [{"name": {…}, "requires": [REQ, …]}]}   (or, without steps, "requires": [REQ, …])
    REQ = {"title": {"sv": …}, "achievement_id": …, "issuers": [ISSUER_ID, …],
           "must_be_valid": true|false, "max_age_months": N, "optional": true|false}

``read_profile`` refuses anything else with ``ProfileError`` naming where; nothing unchecked
reaches a page.
"""

from __future__ import annotations

import re
from typing import Any

from .profiles import Level
from .profiles import Profile
from .profiles import Requirement

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
MAX_LEVELS = 10
MAX_REQUIREMENTS = 50
MAX_TEXT = 500


class ProfileError(ValueError):
    """A profile definition that does not follow the documented shape; ``where`` says where."""

    def __init__(self, where: str) -> None:
        super().__init__(where)
        self.where = where


def read_profile(definition: Any) -> Profile:
    """A profile from its JSON definition, or ProfileError naming the first thing wrong."""
    data = _object(definition, "profile")
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise ProfileError("slug")
    owner = _text(data.get("owner"), "owner")
    if "levels" in data and "requires" in data:
        raise ProfileError("levels")
    if "levels" in data:
        levels = _list(data["levels"], "levels", MAX_LEVELS)
        read = tuple(
            Level(_texts(_object(level, f"levels[{i}]").get("name"), f"levels[{i}].name"),
                  _requirements(level.get("requires"), f"levels[{i}].requires"))
            for i, level in enumerate(levels)
        )
    else:
        read = (Level({}, _requirements(data.get("requires"), "requires")),)
    description = data.get("description", {})
    return Profile(slug, _texts(data.get("name"), "name"), owner,
                   _texts(description, "description") if description else {},
                   read, "levels" in data)


def profile_definition(profile: Profile) -> dict[str, Any]:
    """The JSON definition of ``profile``, as ``read_profile`` reads it (export)."""
    data: dict[str, Any] = {"slug": profile.slug, "name": profile.name, "owner": profile.owner}
    if profile.description:
        data["description"] = profile.description
    if profile.stepped:
        data["levels"] = [
            {"name": level.name, "requires": [_requirement_definition(r) for r in level.requires]}
            for level in profile.levels
        ]
    else:
        data["requires"] = [_requirement_definition(r) for r in profile.levels[0].requires]
    return data


def _requirement_definition(requirement: Requirement) -> dict[str, Any]:
    data: dict[str, Any] = {"title": requirement.title, "issuers": list(requirement.issuers)}
    if requirement.achievement_id:
        data["achievement_id"] = requirement.achievement_id
    data["must_be_valid"] = requirement.must_be_valid
    if requirement.max_age_months is not None:
        data["max_age_months"] = requirement.max_age_months
    data["optional"] = requirement.optional
    return data


def _requirements(value: Any, where: str) -> tuple[Requirement, ...]:
    items = _list(value, where, MAX_REQUIREMENTS)
    if not items:
        raise ProfileError(where)
    return tuple(_requirement(item, f"{where}[{i}]") for i, item in enumerate(items))


def _requirement(value: Any, where: str) -> Requirement:
    data = _object(value, where)
    issuers = _list(data.get("issuers"), f"{where}.issuers", MAX_REQUIREMENTS)
    if not issuers:
        raise ProfileError(f"{where}.issuers")
    achievement_id = data.get("achievement_id")
    max_age = data.get("max_age_months")
    if max_age is not None and (type(max_age) is not int or not 1 <= max_age <= 600):
        raise ProfileError(f"{where}.max_age_months")
    return Requirement(
        title=_texts(data.get("title"), f"{where}.title"),
        issuers=tuple(_text(issuer, f"{where}.issuers") for issuer in issuers),
        achievement_id=_text(achievement_id, f"{where}.achievement_id") if achievement_id else None,
        must_be_valid=_flag(data.get("must_be_valid", False), f"{where}.must_be_valid"),
        max_age_months=max_age,
        optional=_flag(data.get("optional", False), f"{where}.optional"),
    )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProfileError(where)
    return value


def _list(value: Any, where: str, limit: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > limit:
        raise ProfileError(where)
    return value


def _texts(value: Any, where: str) -> dict[str, str]:
    """A language map with Swedish or English in it: {"sv": …, "en": …}."""
    data = _object(value, where)
    texts = {lang: _text(text, f"{where}.{lang}") for lang, text in data.items()}
    if not ({"sv", "en"} & texts.keys()) or not all(re.fullmatch(r"[a-z]{2,3}", k) for k in texts):
        raise ProfileError(where)
    return texts


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise ProfileError(where)
    return value.strip()


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ProfileError(where)
    return value
