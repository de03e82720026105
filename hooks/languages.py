"""Hook: what each language's build needs from the site's own i18n data (``mitp.i18n``).

The i18n plugin runs one MkDocs build per language, so these events run once per language.
- ``on_config`` stops the build, saying what to add, when a built language has no theme
  partial (Material has none for Haitian Creole) or lacks an interface string of
  ``data/ui.yaml``; and keeps the bilingual 404 page of the default language only.
- ``on_env`` gives every template of that build its interface strings and language facts.
"""
from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from mitp import i18n, ui
from mitp.core import pages

log = logging.getLogger("mkdocs.hooks.languages")


# Hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _check_language_assets(config)
    # A language taken out of mkdocs.yml leaves no generated pages behind in docs/<code>/.
    for path in pages.remove_unbuilt_languages(Path(config.docs_dir), i18n.languages(config)):
        log.info(f"Idiomas: página generada de un idioma que ya no se construye, retirada: {path}")
    # Every language's build writes static templates to the site root; the 404 page must be the
    # default language's (it names every language, see overrides/404.html).
    if i18n.is_default(i18n.current(config)):
        config.theme.static_templates.add("404.html")
    else:
        config.theme.static_templates.discard("404.html")
    return config


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    env.globals.update(ui.template_globals(i18n.current(config), i18n.language_facts(config)))
    return env


# Helper functions


def _check_language_assets(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    overrides = root / (config.theme.custom_dir or "overrides")
    problems = []
    try:
        strings = ui.load()
    except ui.UIStringsError as exc:
        raise PluginError(f"data/ui.yaml no es válido:\n{exc}") from None
    problems += i18n.record_problems(root, strings)
    for language in i18n.languages(config):
        wrong = i18n.theme_partial_problem(language, overrides / "partials" / "languages" / f"{language}.html")
        if wrong:
            problems.append(f"{(overrides / 'partials' / 'languages').relative_to(root)}/{wrong}")
        partial = i18n.missing_theme_partial(language, overrides)
        if partial is not None:
            problems.append(f"falta {partial.relative_to(root)}: Material no trae los textos del tema en '{language}'; "
                            "copia partials/languages/en.html de Material y traduce cada texto (CONTRIBUTING, "
                            "'Agregar un idioma')")
        missing = i18n.missing_strings(strings, language)
        if missing:
            shown = ", ".join(missing[:12]) + (f" y {len(missing) - 12} más" if len(missing) > 12 else "")
            problems.append(f"data/ui.yaml: faltan {len(missing)} textos en '{language}' ({shown}); agrega a cada "
                            f"clave su línea '{language}: …' (`mitp translations --lang {language}` los lista)")
    if problems:
        raise PluginError("Falta algo de un idioma del sitio:\n" + "\n".join(problems))
