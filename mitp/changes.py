"""What a pull request changes in the catalogue and the channels, entry by entry, for a reviewer.

``mitp diff BASE HEAD`` compares ``data/resources.yaml`` and ``data/channels.yaml`` of two git
revisions (or two files given by path) and reports, in Spanish: entries added, removed and
changed, with every changed field old → new. Every phone number, e-mail and website that changed
is shown on its own and **flagged** when the entry's ``source`` or its ``last_verified`` date did
not change with it: a changed hotline digit must not hide in a YAML diff.

Plain functions: read (``mitp.yamlload``, dates kept as text), compare, write Markdown. An
unreadable side (invalid YAML, missing file) is reported, never raised.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mitp import yamlload
from mitp.annotations import md_code, md_text
from mitp.problems import display_path

# The files compared, the key of their list, and which fields are contacts.
DATA_FILES = {
    "data/resources.yaml": "resources",
    "data/channels.yaml": "channels",
}
# (kind, how to read the values of an entry)
_CONTACTS = {
    "resources": [("teléfono", lambda e: [p.get("number") for p in _list(e.get("phones")) if isinstance(p, dict)]),
                  ("correo", lambda e: list(_list(e.get("emails")))),
                  ("sitio web", lambda e: [e.get("website")] if e.get("website") else [])],
    "channels": [("teléfono", lambda e: [e.get("dial")] if e.get("dial") else []),
                 ("sitio web", lambda e: [e.get("web")] if e.get("web") else [])],
}
_MAX_VALUE = 160


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


# Records


@dataclass
class ContactChange:
    kind: str                 # "teléfono", "correo", "sitio web"
    old: str | None           # None: added
    new: str | None           # None: removed


@dataclass
class EntryChange:
    status: str               # "agregada" | "retirada" | "modificada"
    entry_id: str
    name: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)   # (field, old, new); _MISSING when absent
    contacts: list[ContactChange] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)                     # why a reviewer must check

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass
class FileChanges:
    path: str
    entries: list[EntryChange] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)    # one line per side that could not be read


class _Missing:
    def __repr__(self) -> str:
        return "—"


MISSING = _Missing()


# Reading


def read_entries(text: str | None, *, list_key: str, shown_as: str) -> tuple[dict[str, dict] | None, str | None]:
    """Entries by id, or (None, why) when the text is absent or not valid YAML of the right shape."""
    if text is None:
        return {}, None        # the file does not exist on this side: every entry is added/removed
    try:
        document = yamlload.load_text(text, shown_as=shown_as, dates=False)
    except yamlload.YAMLLoadError as exc:
        first = exc.problems[0] if exc.problems else None
        return None, f"{first}" if first else f"{shown_as}: YAML inválido"
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        return None, f"{shown_as}: falta la lista '{list_key}' al comienzo del archivo"
    entries: dict[str, dict] = {}
    for entry in data[list_key]:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            entries.setdefault(entry["id"], entry)
    return entries, None


def git_show(revision: str, path: str, *, repo: Path | None = None) -> str | None:
    """The text of ``path`` at ``revision`` (None when the file does not exist there)."""
    proc = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=repo, capture_output=True)
    if proc.returncode != 0:
        return None
    return yamlload.decode(proc.stdout, shown_as=f"{revision}:{path}")


def revision_exists(revision: str, *, repo: Path | None = None) -> bool:
    proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                          cwd=repo, capture_output=True)
    return proc.returncode == 0


# Comparing


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{"phones[0].number": "134", "name.es": "…"}: one key per leaf."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix] = value
    return out


def _phone_key(value: str) -> str:
    return re.sub(r"[^0-9*#+]", "", value)


def _same_contact(kind: str, old: str, new: str) -> bool:
    if kind == "teléfono":
        return _phone_key(old) == _phone_key(new)
    return old.strip().lower().rstrip("/") == new.strip().lower().rstrip("/")


def contact_changes(list_key: str, old: dict | None, new: dict | None) -> list[ContactChange]:
    """Every contact value that differs, paired by position (a re-formatted number is not a change)."""
    changes = []
    for kind, read in _CONTACTS[list_key]:
        before = [str(v) for v in (read(old) if old else []) if v]
        after = [str(v) for v in (read(new) if new else []) if v]
        unmatched_after = list(after)
        gone = []
        for value in before:
            same = next((v for v in unmatched_after if _same_contact(kind, value, v)), None)
            if same is not None:
                unmatched_after.remove(same)
            else:
                gone.append(value)
        for index in range(max(len(gone), len(unmatched_after))):
            changes.append(ContactChange(kind, gone[index] if index < len(gone) else None,
                                         unmatched_after[index] if index < len(unmatched_after) else None))
    return changes


def _name(entry: dict) -> str:
    name = entry.get("name")
    if isinstance(name, dict):
        return str(name.get("es") or next(iter(name.values()), ""))
    return str(name or "")


# Where an added or removed entry serves: shown with it, so a reviewer sees its región and comuna.
_WHERE = ("level", "service_area", "territory")


def _where(entry: dict, *, added: bool) -> list[tuple[str, Any, Any]]:
    flat = flatten({key: entry[key] for key in _WHERE if key in entry})
    return [(key, MISSING, value) if added else (key, value, MISSING) for key, value in flat.items()]


def compare_entries(path: str, list_key: str, old: dict[str, dict], new: dict[str, dict]) -> FileChanges:
    result = FileChanges(path)
    for entry_id, entry in new.items():
        if entry_id not in old:
            result.entries.append(EntryChange("agregada", entry_id, _name(entry), _where(entry, added=True),
                                              contacts=contact_changes(list_key, None, entry)))
    for entry_id, entry in old.items():
        if entry_id not in new:
            result.entries.append(EntryChange("retirada", entry_id, _name(entry), _where(entry, added=False),
                                              contacts=contact_changes(list_key, entry, None)))
    for entry_id, before in old.items():
        after = new.get(entry_id)
        if after is None or after == before:
            continue
        flat_old, flat_new = flatten(before), flatten(after)
        fields = [(key, flat_old.get(key, MISSING), flat_new.get(key, MISSING))
                  for key in _ordered_keys(flat_old, flat_new) if flat_old.get(key, MISSING) != flat_new.get(key, MISSING)]
        change = EntryChange("modificada", entry_id, _name(after), fields,
                             contact_changes(list_key, before, after))
        if change.contacts:
            if before.get("source") == after.get("source"):
                change.flags.append("la fuente (`source`) no cambió")
            if str(before.get("last_verified")) == str(after.get("last_verified")):
                change.flags.append(f"la fecha de verificación (`last_verified`) sigue en {after.get('last_verified')}")
        result.entries.append(change)
    return result


def _ordered_keys(old: dict, new: dict) -> list[str]:
    keys = list(old)
    keys += [k for k in new if k not in old]
    return keys


def compare_texts(path: str, old_text: str | None, new_text: str | None, *,
                  old_label: str = "base", new_label: str = "propuesta") -> FileChanges:
    list_key = DATA_FILES.get(path) or _guess_key(old_text, new_text)
    old, old_error = read_entries(old_text, list_key=list_key, shown_as=f"{path} ({old_label})")
    new, new_error = read_entries(new_text, list_key=list_key, shown_as=f"{path} ({new_label})")
    if old is None or new is None:
        result = FileChanges(path)
        result.unreadable = [e for e in (old_error, new_error) if e]
        return result
    return compare_entries(path, list_key, old, new)


def _guess_key(*texts: str | None) -> str:
    for text in texts:
        if text and re.search(r"^channels:", text, re.M):
            return "channels"
    return "resources"


def compare_revisions(base: str, head: str, *, repo: Path | None = None) -> list[FileChanges]:
    results = []
    for path in DATA_FILES:
        try:
            texts = git_show(base, path, repo=repo), git_show(head, path, repo=repo)
        except yamlload.YAMLLoadError as exc:      # not UTF-8
            results.append(FileChanges(path, unreadable=[str(p) for p in exc.problems]))
            continue
        results.append(compare_texts(path, *texts, old_label=base, new_label=head))
    return results


def compare_paths(old: Path, new: Path) -> list[FileChanges]:
    texts = [yamlload.read_text(p) if p.exists() else None for p in (old, new)]
    label = f"data/{new.name}" if f"data/{new.name}" in DATA_FILES else display_path(new)
    return [compare_texts(label, texts[0], texts[1], old_label=str(old), new_label=str(new))]


# Markdown


def _value(value: Any) -> str:
    if value is MISSING:
        return "*(sin valor)*"
    text = str(value)
    if len(text) > _MAX_VALUE:
        text = text[: _MAX_VALUE - 1] + "…"
    return md_code(text) if text else "*(vacío)*"


def markdown(files: list[FileChanges], *, base: str, head: str) -> str:
    """The report for the job summary (and the terminal)."""
    entries = [e for f in files for e in f.entries]
    flagged = [e for e in entries if e.flagged]
    counts = {s: sum(1 for e in entries if e.status == s) for s in ("agregada", "retirada", "modificada")}
    lines = ["## Cambios en el catálogo y los canales", "",
             f"Comparación de {md_code(base)} (antes) con {md_code(head)} (propuesta).", ""]
    unreadable = [u for f in files for u in f.unreadable]
    if not entries and not unreadable:
        lines += ["Sin cambios en las entradas de " + ", ".join(md_code(f.path) for f in files) + ".", ""]
        return "\n".join(lines)
    lines.append(f"**Resumen:** {counts['agregada']} entrada(s) agregada(s), {counts['retirada']} retirada(s), "
                 f"{counts['modificada']} modificada(s).")
    if flagged:
        lines += ["", f"> ⚠️ **{len(flagged)} entrada(s) cambian un teléfono, correo o sitio web sin actualizar su "
                  "fuente o su fecha de verificación.** Antes de aprobar, confirma cada dato nuevo en la fuente "
                  "oficial y pide que se actualicen `source` y `last_verified`."]
    lines.append("")
    for file in files:
        if not file.entries and not file.unreadable:
            continue
        lines += [f"### {md_code(file.path)}", ""]
        for why in file.unreadable:
            lines += [f"- ❌ No se pudo leer: {md_text(why)}. Corrige primero los errores que muestra la revisión.", ""]
        for entry in file.entries:
            lines += _entry_markdown(entry)
    return "\n".join(lines)


def _entry_markdown(entry: EntryChange) -> list[str]:
    mark = "⚠️ " if entry.flagged else ""
    lines = [f"#### {mark}{entry.status.capitalize()}: {md_code(entry.entry_id)} — {md_text(entry.name)}", ""]
    for contact in entry.contacts:
        if contact.old and contact.new:
            lines.append(f"- **{contact.kind.capitalize()} cambiado:** {md_code(contact.old)} → {md_code(contact.new)}")
        elif contact.new:
            lines.append(f"- **{contact.kind.capitalize()} nuevo:** {md_code(contact.new)}")
        else:
            lines.append(f"- **{contact.kind.capitalize()} retirado:** {md_code(contact.old)}")
    if entry.flags:
        lines.append(f"- ⚠️ **Revisar:** cambió un dato de contacto, pero {' y '.join(entry.flags)}.")
    if entry.fields:
        lines += ["", "| Campo | Antes | Ahora |", "| --- | --- | --- |"]
        lines += [f"| {md_code(name)} | {_value(old)} | {_value(new)} |" for name, old, new in entry.fields]
    lines.append("")
    return lines


# Command line (registered by mitp/cli.py)


def register(commands) -> None:
    parser = commands.add_parser(
        "diff", help="compara el catálogo y los canales de dos revisiones de git (o dos archivos)")
    parser.add_argument("base", help="revisión de git (p. ej. origin/main) o archivo YAML")
    parser.add_argument("head", help="revisión de git (p. ej. HEAD) o archivo YAML")
    parser.add_argument("--as", dest="names", nargs=2, metavar=("ANTES", "DESPUÉS"),
                        help="cómo nombrar las dos versiones en el informe (p. ej. main \"esta solicitud\")")
    parser.add_argument("--output", type=Path, metavar="FILE",
                        help="además de mostrarlo, agrega el informe a este archivo (p. ej. $GITHUB_STEP_SUMMARY)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    base, head = args.base, args.head
    if Path(base).is_file() and Path(head).is_file():
        try:
            files = compare_paths(Path(base), Path(head))
        except yamlload.YAMLLoadError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    else:
        missing = [r for r in (base, head) if not revision_exists(r)]
        if missing:
            print(f"mitp diff: {', '.join(missing)} no es un archivo ni una revisión de git conocida "
                  "(usa p. ej. origin/main HEAD, o dos rutas de archivos)", file=sys.stderr)
            return 2
        files = compare_revisions(base, head)
    shown_base, shown_head = args.names or (base, head)
    report = markdown(files, base=shown_base, head=shown_head)
    print(report)
    if args.output:
        with open(args.output, "a", encoding="utf-8") as handle:
            handle.write(report + "\n")
    return 0
