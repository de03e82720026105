"""The open data of the catalogue (declared in mitp/registry.py OUTPUTS)."""
from __future__ import annotations




# Open data (declared in mitp/registry.py OUTPUTS, written under /datos/ once per build)

OPEN_DATA_DIR = "datos"


def open_data(context) -> dict[str, bytes]:
    """The open-data files of the catalogue the site is built from (``mitp.exports``)."""
    from mitp import exports
    from mitp.catalogue import load_catalogue
    from mitp.taxonomy import load_taxonomy
    from mitp.territories import load_territories

    catalogue = load_catalogue(root=context.root)
    files = exports.build_all(catalogue, load_territories(), load_taxonomy(), languages=context.languages,
                              site_url=context.site_url)
    return {f"{OPEN_DATA_DIR}/{name}": content for name, content in files.items()}
