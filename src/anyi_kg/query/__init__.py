"""Named questions: the ``.rq`` files in ``queries/``, their parameters, and queries prepared
with their values bound as RDF terms."""

from ..errors import SyntaxErrorInFile
from .catalogue import (
    NamedQuery,
    Parameter,
    catalogue,
    internal,
    listing,
    named,
    names,
    page_names,
    page_query,
    run,
)
from .prepare import (
    Prepared,
    Value,
    argument,
    check,
    decode,
    main_group,
    parse_params,
    prepare,
    query_form,
    syntax_error,
    values_block,
    with_values,
)

__all__ = [
    "NamedQuery", "Parameter", "Prepared", "SyntaxErrorInFile", "Value", "argument", "catalogue",
    "check", "decode", "internal", "listing", "main_group", "named", "names", "page_names",
    "page_query", "parse_params", "prepare", "query_form", "run", "syntax_error", "values_block",
    "with_values",
]  # fmt: skip
