"""The calendars (.ics) of each language and the Plan counts, as a declared output (mitp/registry.py).

``produce`` returns ``{path under the site: bytes}`` and writes nothing: hooks/outputs.py writes them
after each language's build; a test can call it without MkDocs.
"""
from __future__ import annotations

from mitp import i18n, ui
from mitp.campaigns import site


def produce(context) -> dict[str, bytes]:
    state = site.load_state(context.root, context.site_url)
    return site.files(state, language=context.language, prefix=i18n.prefix(context.language),
                      strings=ui.strings_for(context.language))
