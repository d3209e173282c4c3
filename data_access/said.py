"""``Said``: an English text that remembers how it was said, so steerco can say it again in the
user's language.

data_access cannot call steerco's ``t`` (imports go one way), yet some of its texts reach the
user: the evidence of a proposed mapping ("header 'Start' is an alias of start_date"), why a
sheet is left out. A :class:`Said` *is* that English text (a ``str``: every comparison, join,
``startswith`` and test keeps working) and also carries its ``template`` (English with
``{placeholders}``, marked with ``N_`` where it is written so that the extractor puts it in the
catalogue) and the ``params`` that fill it. ``steerco.i18n.said`` shows it in the current
language.

A param is data (a header, a sheet name, a column name, a sample value: never translated) or
itself a ``Said`` (a part of a composed text, translated in turn)::

    Said.of(N_("unique codes in {n}/{total} rows"), n=40, total=40)
    Said.of(N_("'{header}' holds {why}"), header="Ref", why=that)

A count's text has a singular and a plural template (``Said.tn``, read by the extractor as a
plural entry, like ``steerco.i18n.tn``); ``{n}`` is the count.
"""

from __future__ import annotations


class Said(str):
    """An English text (the ``str`` value) with its ``template`` and ``params``; for a count,
    ``plural`` (the template when ``count`` is not 1) and ``count`` too."""

    template: str
    params: tuple[tuple[str, str], ...]
    plural: str | None
    count: int | None

    def __new__(
        cls,
        text: str,
        template: str | None = None,
        params: tuple[tuple[str, str], ...] = (),
        plural: str | None = None,
        count: int | None = None,
    ) -> Said:
        self = super().__new__(cls, text)
        self.template = str(text) if template is None else template
        self.params = params
        self.plural = plural
        self.count = count
        return self

    @classmethod
    def of(cls, template: str, /, **params: object) -> Said:
        """The template filled with ``params`` (a ``Said`` param is kept as it is, any other
        value becomes its ``str``)."""
        pairs = _pairs(params)
        return cls(_fill(template, pairs), template, pairs)

    @classmethod
    def tn(cls, count: int, one: str, many: str, /, **params: object) -> Said:
        """``one`` or ``many`` by ``count`` (English: one for 1), ``{n}`` being the count."""
        pairs = _pairs(params)
        text = _fill(one if count == 1 else many, (("n", str(count)), *pairs))
        return cls(text, one, pairs, many, count)

    def __reduce__(self):
        return (Said, (str(self), self.template, self.params, self.plural, self.count))

    def __repr__(self) -> str:
        return f"Said({str.__repr__(self)})"


def _pairs(params: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((k, v if isinstance(v, str) else str(v)) for k, v in params.items())


def _fill(template: str, pairs: tuple[tuple[str, str], ...]) -> str:
    return template.format(**{k: str(v) for k, v in pairs}) if pairs else template
