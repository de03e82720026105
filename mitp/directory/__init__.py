"""The directory of support services: which page lists which entry, and what each entry shows.

Plain functions over the validated catalogue (``mitp.catalogue``), the territories
(``mitp.territories``) and the taxonomy (``mitp.taxonomy``); no running MkDocs needed.
``hooks/directory.py`` hands their results to the templates in
``overrides/partials/directory/``. Everything returned here is plain data (strings,
lists, dicts): the markup lives in the templates, which escape every text.

Pages
    ``directorio/index.md``            national page: services for the whole country, the regions
    ``directorio/<region>.md``         one page per region, entries grouped by provincia and comuna
    ``directorio/<region>/<prov>.md``  only when a region page would list more than ``THRESHOLD``
                                        entries: the region page then keeps the region-wide entries
                                        and links to one page per provincia
    ``directorio/<region>/<prov>/<comuna>.md``  the same, one level down, for a large provincia
    ``…/pagina-<n>.md``                any listing still longer than ``THRESHOLD`` continues there

Every page but ``directorio/index.md`` is generated (see ``sync_generated_pages``): it is a
small Markdown file holding front matter and a marker, written into ``docs/<lang>/directorio/``
(git-ignored) only when its text changes, so ``mkdocs serve`` does not rebuild forever.

The package, by concern: ``plan`` (which page lists which entry), ``generated`` (the generated
Markdown files), ``views`` (what one entry shows), ``report`` (where "report an error" leads),
``listing`` (one listing page: filters, groups, links), ``opendata`` (the open-data output).
"""
from __future__ import annotations

from mitp.directory.plan import (  # noqa: F401  (the package's public names)
    BASE,
    DEFAULT_LANGUAGE,
    DirectoryPage,
    GENERATED_HEADER,
    MARKER,
    STALE_AFTER_MONTHS,
    THRESHOLD,
    WHOLE_AREA,
    WRITTEN_IN,
    find_page,
    place_in_region,
    plan_pages,
    regions_of,
    served_comunas,
    serves_whole_country,
    slugify,
    sort_key,
)
from mitp.directory.generated import (  # noqa: F401  (the package's public names)
    TODAY_CHANNELS,
    page_markdown,
    page_title,
    sync_generated_pages,
)
from mitp.directory.views import (  # noqa: F401  (the package's public names)
    entry_view,
    is_stale,
    text_in,
)
from mitp.directory.report import (  # noqa: F401  (the package's public names)
    ISSUE_TEMPLATE,
    report_link,
    report_url_template,
)
from mitp.directory.listing import (  # noqa: F401  (the package's public names)
    comunas_in_scope,
    filter_options,
    grouped,
    page_data,
    relative_url,
)
from mitp.directory.opendata import (  # noqa: F401  (the package's public names)
    OPEN_DATA_DIR,
    open_data,
)
