"""Hook: the files the build writes besides pages, as declared in ``mitp/registry.py`` (OUTPUTS).

The i18n plugin builds the default language first and then each other language into its own
folder; ``on_post_build`` runs after each of those builds. Outputs marked ``per_language`` run
every time (into the site root; each produces paths for its language); the others run once,
after the default language's build.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from mitp import i18n, registry
from mitp.core import outputs
from mitp.problems import DataFileError


# Hooks


def on_post_build(*, config: MkDocsConfig) -> None:
    language = i18n.current(config)
    site_dir = Path(config.site_dir)   # the site root in every language's build (the plugin adds /<lang>/ to URLs)
    context = outputs.OutputContext(
        root=Path(config.config_file_path).parent, site_dir=site_dir, site_url=config.site_url or "",
        language=language, languages=tuple(i18n.languages(config)), extra=dict(config.extra or {}),
    )
    try:
        outputs.run(registry.OUTPUTS, context, default_build=i18n.is_default(language))
    except DataFileError as exc:
        raise PluginError(f"No se pudieron escribir los archivos de datos:\n{exc}") from None
