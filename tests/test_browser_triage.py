"""'Pide ayuda' on a phone (360 × 740 CSS px), measured in headless Chromium: the first screen
answers "¿Estás en peligro ahora?" with a call link, every situation reaches its first action
within two screens, and every call link is a tap target of at least 44 × 44 CSS px."""
from __future__ import annotations

import pytest

PHONE = {"width": 360, "height": 740}
SCREEN = PHONE["height"]
PAGES = {"es": "/pide-ayuda/", "en": "/en/pide-ayuda/", "ht": "/ht/pide-ayuda/"}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not displayed"
    return box


@pytest.mark.parametrize("language", PAGES)
def test_the_first_screen_answers_are_you_in_danger_with_the_call(phone, base_url, language):
    phone.goto(base_url + PAGES[language])
    question = _box(phone, ".mitp-c-now")
    call = _box(phone, 'a.mitp-call[data-call="carabineros-133"]')
    assert call["y"] + call["height"] <= SCREEN, f"the 133 call link ends at {call['y'] + call['height']:.0f} px"
    assert question["y"] < call["y"]
    assert phone.locator(".mitp-c-now").inner_text().startswith(("¿Estás en peligro ahora?", "Are you in danger now?", "Èske ou an danje kounye a?"))


@pytest.mark.parametrize("language", PAGES)
def test_every_situation_reaches_its_first_action_within_two_screens(phone, base_url, language):
    phone.goto(base_url + PAGES[language])
    items = phone.locator(".mitp-c-triage li")
    assert items.count() >= 6
    for n in range(items.count()):
        item = items.nth(n)
        action = item.locator("a").first  # a call link, a form, or the page that says what to do
        box = action.bounding_box()
        assert box, f"situation {n + 1} has no visible action"
        bottom = box["y"] + box["height"]
        assert bottom <= 2 * SCREEN, f"situation {n + 1} ({item.inner_text()[:40]!r}) acts at {bottom:.0f} px"


@pytest.mark.parametrize("path,selector", [
    ("/pide-ayuda/", "a.mitp-helpbar__call"),
    ("/pide-ayuda/", "a.mitp-call"),
    ("/directorio/biobio/", "a.mitp-channel__tel"),   # on "Pide ayuda" the cards are folded (#numeros)
    ("/en/pide-ayuda/", "a.mitp-call"),
    ("/ht/pide-ayuda/", "a.mitp-call"),
    ("/directorio/", "a.mitp-dir-call"),
    ("/en/directorio/", "a.mitp-dir-call"),
    ("/directorio/metropolitana-de-santiago/", "a.mitp-channel__tel"),
])
def test_call_links_are_at_least_44_by_44(phone, base_url, path, selector):
    phone.goto(base_url + path)
    links = phone.locator(selector)
    assert links.count() > 0, f"no {selector} on {path}"
    for n in range(links.count()):
        links.nth(n).scroll_into_view_if_needed()
        box = links.nth(n).bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44, (
            f"{selector} #{n + 1} on {path} is {box and round(box['width'])} × {box and round(box['height'])} px")
