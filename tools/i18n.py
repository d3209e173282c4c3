"""Keep the translation catalogues with Babel: extract, update, check.

    python tools/i18n.py update   # extract every marked text, merge it into fr and nl
    python tools/i18n.py check    # list what is missing, fuzzy or wrongly filled; exit 1 if any

Texts are marked in the source by ``t("...")``, ``tn(count, "...", "...")`` and ``N_("...")``
(steerco.i18n). ``update`` writes ``steerco/locale/messages.pot`` and merges it into each
language's ``messages.po`` with Babel's own merge (a changed text becomes fuzzy, a removed one
obsolete), so translators work with any gettext tool. References carry the file, not the line,
so a catalogue changes only when a text does.
"""

from __future__ import annotations

import ast
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from steerco.i18n import DEFAULT_LANGUAGE, DOMAIN, LOCALE_DIR, catalogue_path  # noqa: E402
from steerco.i18n import LANGUAGES as ALL_LANGUAGES  # noqa: E402

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
#: The languages with a catalogue (English is the source text).
LANGUAGES = tuple(lang for lang in ALL_LANGUAGES if lang != DEFAULT_LANGUAGE)
#: The marking functions: t(text), tn(count, one, many), N_(text).
KEYWORDS = {"t": (1,), "tn": (2, 3), "N_": (1,)}
SOURCES = ("app.py", "pages", "steerco", "data_access")


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel extraction method reading the syntax tree, so that a marked text inside an
    f-string (``f"**{t('Agenda')}**"``) is found too, which Babel's token-based Python
    extractor cannot see. Yields what Babel expects: (line, function, positional arguments
    with None for any that is not a plain string, comments)."""
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in keywords:
            continue
        args = tuple(
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        )
        if any(args):
            yield node.lineno, name, args, []


METHOD_MAP = [("**.py", extract_python)]


def _skip(path: str) -> bool:
    return "/tests/" in path or path.startswith("tests")


def extract() -> Catalog:
    """Every marked text of the sources, with the files it appears in."""
    template = Catalog(project="Steerco", charset="utf-8", fuzzy=False)
    for source in SOURCES:
        path = ROOT / source
        if path.is_file():
            found = _extract_file(path)
        else:
            found = (
                (str(Path(source) / name), lineno, message, comments)
                for name, lineno, message, comments, _ in extract_from_dir(
                    path, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
                )
            )
        for filename, _lineno, message, comments in found:
            if _skip(filename):
                continue
            template.add(message, None, [(filename, None)], auto_comments=comments)
    for text, where in declared_texts():
        template.add(text, None, [(where, None)])
    return template


def declared_texts():
    """The texts declared as data rather than written in a call: every dataset's title and
    help, every column's help and allowed values, the RAG words, the type words and the
    Excel template's texts. One schema declaration drives the tables, the template, the
    validation, the data dictionary, and so the catalogue too."""
    from data_access import dictionary, schema, template

    for dataset in schema.DATASETS:
        yield dataset.title, "data_access/schema.py"
        yield dataset.help, "data_access/schema.py"
        for column in dataset.columns:
            yield column.help, "data_access/schema.py"
            for value in column.allowed:
                if value not in schema.RAG_VALUES:
                    yield value, "data_access/schema.py"
    for word in schema.RAG_WORDS.values():
        yield word, "data_access/schema.py"
    for word in dictionary.TYPE_WORDS.values():
        yield word, "data_access/dictionary.py"
    for text in template.english_texts():
        yield text, "data_access/template.py"


def _extract_file(path: Path):
    from babel.messages.extract import extract

    with path.open("rb") as source:
        for lineno, message, comments, _ in extract(
            extract_python, source, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            yield path.name, lineno, message, comments


def read(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=100, include_lineno=False, ignore_obsolete=True)


def update() -> None:
    template = extract()
    if TEMPLATE.exists():  # the template's date moves only when its texts do
        with TEMPLATE.open("rb") as pot:
            before = read_po(pot)
        if _ids(before) == _ids(template):
            template.creation_date = before.creation_date
    write(TEMPLATE, template)
    for language in LANGUAGES:
        path = catalogue_path(language)
        if path.exists():
            catalog = read(language)
        else:
            catalog = Catalog(locale=language, project="Steerco", charset="utf-8", fuzzy=False)
        catalog.update(template, update_header_comment=False, update_creation_date=False)
        write(path, catalog)
        print(f"{path.relative_to(ROOT)}: {len(catalog)} texts")


def _ids(catalog: Catalog) -> set:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def check(template: Catalog) -> list[str]:
    """What keeps the catalogues from being complete and safe, one line each: a text missing,
    empty or fuzzy in a language; a translation naming a ``{placeholder}`` its English text
    does not fill (it would fail when shown); a template older than the sources."""
    problems = []
    with TEMPLATE.open("rb") as pot:
        if _ids(read_po(pot)) != _ids(template):
            problems.append(
                f"{TEMPLATE.relative_to(ROOT)} is out of date: run tools/i18n.py update"
            )
    for language in LANGUAGES:
        catalog = read(language)
        for source in template:
            if not source.id:
                continue
            where = f"{language}: {source.id if isinstance(source.id, str) else source.id[0]!r}"
            message = catalog.get(source.id)
            forms = (
                []
                if message is None
                else (
                    list(message.string)
                    if isinstance(message.string, tuple | list)
                    else [message.string]
                )
            )
            if message is None or message.fuzzy or not forms or not all(forms):
                state = "fuzzy" if message is not None and message.fuzzy else "missing"
                problems.append(f"{where} is {state}")
                continue
            ids = source.id if isinstance(source.id, tuple | list) else (source.id,)
            allowed = set().union(*(_fields(i) for i in ids))
            if len(ids) > 1:
                allowed.add("n")
            for form in forms:
                extra = _fields(form) - allowed
                if extra:
                    problems.append(f"{where} fills unknown {sorted(extra)}")
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
        return 0
    if command == "check":
        problems = check(extract())
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
