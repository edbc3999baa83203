"""Type stubs of dehusk: article text from web pages, WARC archives and Arrow batches."""

import os
from typing import IO, Any, Iterable, Iterator, Literal, Optional, Tuple, Union, overload

Html = Union[str, bytes, bytearray]
Page = Union[Html, Tuple[Html, Optional[str]]]
OutputForm = Literal["text", "markdown", "json", "document"]
FocusName = Literal["balanced", "precision", "recall"]

class Error(Exception):
    """Base class of dehusk's errors; ``str(e)`` names the input, ``e.input`` holds it."""
    input: str

class TooLarge(Error):
    """The page is over ``max_bytes`` (64 MiB by default); it was not parsed."""

class TimedOut(Error):
    """Extraction took longer than ``time_budget_ms``."""

class NotHtml(Error):
    """The input is not an HTML page (an image, a PDF, binary data…)."""

class Document:
    """An extracted article."""
    @property
    def title(self) -> Optional[str]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def author(self) -> Optional[str]: ...
    @property
    def date(self) -> Optional[str]: ...
    @property
    def site_name(self) -> Optional[str]: ...
    @property
    def lang(self) -> Optional[str]: ...
    @property
    def description(self) -> Optional[str]: ...
    @property
    def canonical_url(self) -> Optional[str]: ...
    @property
    def text(self) -> str:
        """The article text, one block per line, without the headline."""
    @property
    def markdown(self) -> str:
        """The article as Markdown, without the headline."""
    @property
    def word_count(self) -> int: ...
    @property
    def extraction(self) -> str:
        """Which step of the fallback ladder found the text ("selected", "relaxed"…)."""
    @property
    def blocks(self) -> list[dict[str, Any]]:
        """Dicts with ``kind``, ``level`` (headings), ``text`` and ``markdown``."""
    def is_empty(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON record of the page."""

class WarcRecord:
    """One HTTP response of a WARC archive (or, last, the damage that ended it)."""
    url: Optional[str]
    warc_record_id: Optional[str]
    status: Optional[int]
    content_type: Optional[str]
    content_encoding: Optional[str]
    position: Optional[int]
    document: Optional[Document]
    error: Optional[Error]
    skipped: Optional[str]
    body: Optional[bytes]
    def to_dict(self) -> dict[str, Any]:
        """The JSON record's fields plus status, content_type, skipped and error."""

class WarcIter(Iterator[WarcRecord]):
    def __iter__(self) -> "WarcIter": ...
    def __next__(self) -> WarcRecord: ...

@overload
def extract(
    html: Html,
    *,
    url: Optional[str] = ...,
    content_type: Optional[str] = ...,
    output: Literal["text", "markdown"] = ...,
    include_tables: bool = ...,
    include_comments: bool = ...,
    focus: FocusName = ...,
    links: bool = ...,
    images: bool = ...,
    lang: Optional[str] = ...,
    min_chars: int = ...,
    time_budget_ms: Optional[int] = ...,
    max_bytes: int = ...,
    dedupe: bool = ...,
) -> str: ...
@overload
def extract(
    html: Html,
    *,
    url: Optional[str] = ...,
    content_type: Optional[str] = ...,
    output: Literal["json"],
    include_tables: bool = ...,
    include_comments: bool = ...,
    focus: FocusName = ...,
    links: bool = ...,
    images: bool = ...,
    lang: Optional[str] = ...,
    min_chars: int = ...,
    time_budget_ms: Optional[int] = ...,
    max_bytes: int = ...,
    dedupe: bool = ...,
) -> dict[str, Any]: ...
@overload
def extract(
    html: Html,
    *,
    url: Optional[str] = ...,
    content_type: Optional[str] = ...,
    output: Literal["document"],
    include_tables: bool = ...,
    include_comments: bool = ...,
    focus: FocusName = ...,
    links: bool = ...,
    images: bool = ...,
    lang: Optional[str] = ...,
    min_chars: int = ...,
    time_budget_ms: Optional[int] = ...,
    max_bytes: int = ...,
    dedupe: bool = ...,
) -> Document: ...
def extract_document(
    html: Html,
    *,
    url: Optional[str] = ...,
    content_type: Optional[str] = ...,
    include_tables: bool = ...,
    include_comments: bool = ...,
    focus: FocusName = ...,
    links: bool = ...,
    images: bool = ...,
    lang: Optional[str] = ...,
    min_chars: int = ...,
    time_budget_ms: Optional[int] = ...,
    max_bytes: int = ...,
    dedupe: bool = ...,
) -> Document: ...
def extract_many(
    pages: Iterable[Page],
    *,
    threads: Optional[int] = ...,
    output: OutputForm = ...,
    include_tables: bool = ...,
    include_comments: bool = ...,
    focus: FocusName = ...,
    links: bool = ...,
    images: bool = ...,
    lang: Optional[str] = ...,
    min_chars: int = ...,
    time_budget_ms: Optional[int] = ...,
    max_bytes: int = ...,
    dedupe: bool = ...,
) -> list[Any]:
    """Results in input order; a failed page holds its ``Error`` instance (not raised)."""

def iter_warc(
    path_or_file: Union[str, "os.PathLike[str]", IO[bytes]],
    *,
    extract: bool = ...,
    output: OutputForm = ...,
    include_tables: bool = ...,
    include_comments: bool = ...,
    focus: FocusName = ...,
    links: bool = ...,
    images: bool = ...,
    lang: Optional[str] = ...,
    min_chars: int = ...,
    time_budget_ms: Optional[int] = ...,
    max_bytes: int = ...,
    dedupe: bool = ...,
) -> WarcIter: ...

class Extractor:
    """Options bound once; picklable; callable like ``extract``."""
    def __init__(
        self,
        *,
        output: OutputForm = ...,
        include_tables: bool = ...,
        include_comments: bool = ...,
        focus: FocusName = ...,
        links: bool = ...,
        images: bool = ...,
        lang: Optional[str] = ...,
        min_chars: int = ...,
        time_budget_ms: Optional[int] = ...,
        max_bytes: int = ...,
        dedupe: bool = ...,
    ) -> None: ...
    @property
    def options(self) -> dict[str, Any]: ...
    def __call__(
        self, html: Html, *, url: Optional[str] = ..., content_type: Optional[str] = ...
    ) -> Any: ...
    def extract(
        self, html: Html, *, url: Optional[str] = ..., content_type: Optional[str] = ...
    ) -> Any: ...
    def extract_document(
        self, html: Html, *, url: Optional[str] = ..., content_type: Optional[str] = ...
    ) -> Document: ...
    def extract_batch(self, pages: Iterable[Page], *, threads: Optional[int] = ...) -> list[Any]: ...
    def iter_warc(
        self, path_or_file: Union[str, "os.PathLike[str]", IO[bytes]], *, extract: bool = ...
    ) -> WarcIter: ...
    def extract_arrow(
        self, batch: Any, html_column: str = ..., url_column: Optional[str] = ...
    ) -> Any:
        """A ``pyarrow.RecordBatch`` in, a ``pyarrow.RecordBatch`` of record fields out."""
    def __getstate__(self) -> dict[str, Any]: ...
