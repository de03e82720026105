"""What one entry shows: plain data for overrides/partials/directory/entry.html."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping
from urllib.parse import urlsplit

from mitp import i18n, phones, ui
from mitp.directory.plan import WHOLE_AREA, WRITTEN_IN, served_comunas, sort_key
from mitp.directory.report import _is_email, report_link


# What one entry shows


def entry_view(resource: Mapping[str, Any], *, language: str, territories, taxonomy, today: dt.date,
               report_url: str = "", report_email: str = "") -> dict[str, Any]:
    """Plain data for the template of one entry, in ``language`` (Spanish where missing)."""
    verified = resource.get("last_verified")
    phones = [p for p in (_phone_view(ph, language) for ph in resource.get("phones") or ()) if p]
    emails = [{"href": "mailto:" + e, "text": e} for e in resource.get("emails") or () if _is_email(e)]
    address = None
    if not resource.get("confidential") and resource.get("address"):
        addr = resource["address"]
        comuna = territories.comunas.get(addr.get("comuna") or "")
        address = {"street": addr.get("street") or "", "comuna": comuna.name if comuna else "",
                   "reference": text_in(addr.get("reference"), language)}
    hours = resource.get("hours") or {}
    documents = resource.get("documents") or {}
    source = resource.get("source") or {}
    comunas = served_comunas(resource, territories)
    return {
        "id": resource["id"],
        "name": text_in(resource.get("name"), language),
        "organization": text_in(resource.get("organization"), language),
        "description": text_in(resource.get("description"), language),
        "level": resource.get("level"),
        "area": _area(resource, territories),
        "services": [_label(taxonomy.services, key, language) for key in resource.get("services") or ()],
        "populations": [_label(taxonomy.populations, key, language) for key in resource.get("populations") or ()],
        "languages": [_language_view(taxonomy.languages, code, language) for code in resource.get("languages") or ()],
        "always_open": bool(hours.get("open_24_7")),
        "hours": text_in(hours.get("text"), language),
        "cost": text_in(resource.get("cost"), language),
        "documents_required": documents.get("required"),
        "documents": text_in(documents.get("text"), language),
        "access": resource.get("access"),
        "phones": phones,
        "phone_hours": any(p["hours"] for p in phones),  # hours given per phone line only
        "emails": emails,
        "website": _web_link(resource.get("website")),
        "address": address,
        "confidential": bool(resource.get("confidential")),
        "verified_iso": verified.isoformat() if isinstance(verified, dt.date) else "",
        "verified_text": i18n.format_date(verified, language, ui.strings_for(language)) if isinstance(verified, dt.date) else "",
        "stale": isinstance(verified, dt.date) and is_stale(verified, today=today),
        "source_date_iso": _iso_date(source.get("date")) if isinstance(source, Mapping) else "",
        "source_date_text": _long_date(source.get("date"), language) if isinstance(source, Mapping) else "",
        "confirmed": _confirmed_view(resource.get("confirmed_by"), language),
        "has_contact": bool(phones or emails or _web_link(resource.get("website"))),
        # A body that coordinates institutions and takes no public (a Mesa Regional): the card says so.
        "coordination": is_coordination(resource),
        # A news article, a test copy of an official site or an old page: "dato por confirmar".
        "weak_source": weak_source(resource),
        "source": text_in(source if isinstance(source, Mapping) else source, language),
        "source_href": (_web_link(source.get("url")) or {}).get("href") if isinstance(source, Mapping) else None,
        "report_href": report_link(resource["id"], url_template=report_url, email=report_email),
        # Filter data, read by overrides/assets/javascripts/directory.js
        "data_services": " ".join(resource.get("services") or ()),
        "data_populations": " ".join(resource.get("populations") or ()) or WHOLE_AREA,
        "data_languages": " ".join(resource.get("languages") or ()),
        "data_comunas": " ".join(sorted(comunas)) if comunas is not None else WHOLE_AREA,
    }


COORDINATION = "coordinacion"
WEAK_SOURCES = ("news", "test-copy", "old-page")


def is_coordination(resource: Mapping[str, Any]) -> bool:
    """True for an entry that only coordinates institutions (service type ``coordinacion``)."""
    return list(resource.get("services") or ()) == [COORDINATION]


def weak_source(resource: Mapping[str, Any]) -> str:
    """``source.weak`` (news, test-copy, old-page) or "" when the source is not marked weak."""
    source = resource.get("source")
    weak = source.get("weak") if isinstance(source, Mapping) else None
    return weak if weak in WEAK_SOURCES else ""


def _iso_date(value: Any) -> str:
    """``value`` (a date or AAAA-MM-DD text) as AAAA-MM-DD; "" when it is not a date."""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat() if value else ""
    except ValueError:
        return ""


def _long_date(value: Any, language: str) -> str:
    iso = _iso_date(value)
    return i18n.format_date(dt.date.fromisoformat(iso), language, ui.strings_for(language)) if iso else ""


def _confirmed_view(confirmed: Any, language: str) -> dict[str, Any] | None:
    """Who confirmed the entry and when (``confirmed_by``); None when no institution did."""
    if not isinstance(confirmed, Mapping) or not _iso_date(confirmed.get("date")):
        return None
    institution = text_in(confirmed.get("institution"), language)
    if not institution:
        return None
    return {"by": institution, "iso": _iso_date(confirmed["date"]), "text": _long_date(confirmed["date"], language)}


def text_in(value: Any, language: str) -> dict[str, str] | None:
    """A text in ``language`` (Spanish where missing): ``{"text", "lang"}`` (``mitp.i18n``)."""
    return i18n.text_in(value, language)


def _text(value: Any, language: str) -> str:
    found = text_in(value, language)
    return found["text"] if found else ""


def _label(labels: Mapping[str, Mapping[str, str]], key: str, language: str) -> dict[str, str]:
    return text_in(labels.get(key), language) or {"text": key, "lang": ""}


def _language_view(languages: Mapping[str, Mapping[str, str]], code: str, language: str) -> dict[str, Any]:
    """A spoken language named in the page language, with its own name when that differs."""
    entry = languages.get(code) or {}
    label = text_in({k: v for k, v in entry.items() if k != "native"}, language) or {"text": code, "lang": ""}
    native = entry.get("native")
    show_native = bool(native) and code != language and sort_key(native) != sort_key(label["text"])
    return {"code": WRITTEN_IN.get(code, code), "label": label, "native": native if show_native else None}


def _area(resource: Mapping[str, Any], territories) -> dict[str, Any]:
    """Where the entry serves people: ``{"scope": national|region|comunas, "names": [...]}``."""
    area = resource.get("service_area") or {}
    scope = area.get("scope") or "national"
    if scope == "region":
        region = territories.regions.get(area.get("region") or "")
        return {"scope": scope, "names": [region.name] if region else []}
    if scope == "comunas":
        return {"scope": scope, "names": [territories.comunas[c].name for c in area.get("comunas") or ()
                                          if c in territories.comunas]}
    return {"scope": "national", "names": []}


def is_stale(verified: dt.date, *, today: dt.date) -> bool:
    """True when the entry was last verified more than 12 months before ``today``."""
    try:
        limit = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - 1, day=28)
    return verified < limit


# Links: only https/http, mailto and tel ever become links


def _web_link(url: Any) -> dict[str, str] | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        return None
    text = parts.netloc + (parts.path if parts.path not in ("", "/") else "")
    if parts.query:
        text += "?" + parts.query
    return {"href": url.strip(), "text": text}



def _phone_view(phone: Mapping[str, Any], language: str) -> dict[str, Any] | None:
    """One phone line, shown and dialled by the site's one phone rule (``mitp.phones``)."""
    try:
        parsed = phones.parse(str(phone.get("number") or ""))
    except ValueError:
        return None
    kind = phone.get("type") or "voice"
    view = {"type": kind, "href": parsed.tel, "text": parsed.display, "hours": text_in(phone.get("hours"), language),
            "description": text_in(phone.get("description"), language)}
    if kind == "whatsapp":
        view["href"] = "https://wa.me/" + parsed.number.lstrip("+")
    elif kind == "sms":
        view["href"] = "sms:" + parsed.number
    return view
