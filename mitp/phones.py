"""Chilean phone numbers as the site stores, shows and dials them (one place for the catalogue
and the reporting channels), validated with ``phonenumbers``.

- ordinary fixed and mobile numbers: stored in E.164, shown in international format, dialled E.164;
- 600/800 numbers: stored in E.164, shown "600 360 7777", dialled nationally (they are reached
  from Chilean phones with the national digits);
- short public numbers (133, 134, 147…): stored, shown and dialled as they are;
- star codes (*4242, Denuncia Seguro) only where the caller allows them (``star_codes=True``);
- letters are refused (``phonenumbers`` would read "600 360 XXXX" as the keypad digits 9999).

This is the only phone rule of the site: the catalogue, the channels and every template use it,
and a test holds every ``tel:`` link of the built site to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import shortnumberinfo

_STAR_CODE = re.compile(r"^\*\d{3,6}$")
_SEPARATORS = re.compile(r"[\s().-]")
_LETTER = re.compile(r"[^\W\d_]")

VALID_FORMS = (
    "un número fijo o móvil (+56 2 2345 6789), un número 600/800 (600 818 1000) "
    "o un número corto de servicio público (133)"
)


@dataclass(frozen=True)
class Phone:
    number: str   # stored and exported
    display: str  # as people read it
    tel: str      # href of a tap-to-call link

    def as_dict(self) -> dict[str, str]:
        return {"number": self.number, "display": self.display, "tel": self.tel}


def parse(text: str, *, star_codes: bool = False) -> Phone:
    """The number in ``text``; raises ValueError, in Spanish, saying what would be valid."""
    raw = str(text).strip()
    if _LETTER.search(raw):
        # phonenumbers reads keypad letters as digits ("600 360 XXXX" -> 600 360 9999): never publish that.
        raise ValueError(f"'{text}' tiene letras: escribe solo los dígitos del número (sin letras ni "
                         f"marcadores como XXXX); usa {VALID_FORMS}")
    if star_codes and _STAR_CODE.match(raw):
        return Phone(number=raw, display=raw, tel=f"tel:{raw}")
    try:
        parsed = phonenumbers.parse(raw, "CL")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number_for_region(parsed, "CL"):
        digits = phonenumbers.national_significant_number(parsed)
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if digits.startswith(("600", "800")):
            return Phone(number=e164, display=f"{digits[:3]} {digits[3:6]} {digits[6:]}", tel=f"tel:{digits}")
        display = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        return Phone(number=e164, display=display, tel=f"tel:{e164}")
    digits = _SEPARATORS.sub("", raw)
    if (parsed is not None and digits.isdigit() and len(digits) <= 6
            and shortnumberinfo.is_valid_short_number_for_region(parsed, "CL")):
        return Phone(number=digits, display=digits, tel=f"tel:{digits}")
    forms = VALID_FORMS + (", o un código con asterisco (*4242)" if star_codes else "")
    raise ValueError(f"'{text}' no es un número válido en Chile; usa {forms}")
