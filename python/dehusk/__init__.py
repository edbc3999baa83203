"""dehusk strips the husk off web pages and keeps the kernel: the article text.

>>> import dehusk
>>> dehusk.extract("<article><h1>Kernel</h1><p>An article paragraph, long enough to be the story.</p></article>")
'Kernel\\nAn article paragraph, long enough to be the story.\\n'

The work is done in Rust with the GIL released: ``extract`` from many threads, or
``extract_many`` / ``Extractor.extract_batch`` for a batch, use every core.
"""

from ._dehusk import (
    Document,
    Error,
    Extractor,
    NotHtml,
    TimedOut,
    TooLarge,
    WarcRecord,
    extract,
    extract_document,
    extract_many,
    iter_warc,
)

__all__ = [
    "Document",
    "Error",
    "Extractor",
    "NotHtml",
    "TimedOut",
    "TooLarge",
    "WarcRecord",
    "extract",
    "extract_document",
    "extract_many",
    "iter_warc",
]


def _rebuild_extractor(options):
    """Unpickles an ``Extractor`` (see ``Extractor.__reduce__``)."""
    return Extractor(**options)
