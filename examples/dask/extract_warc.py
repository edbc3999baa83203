#!/usr/bin/env python3
"""The Spark job's work with Dask: WARC paths in, one Parquet row per page out.

A bag of paths, `map_partitions` streaming each partition's archives with dehusk.iter_warc,
the same columns as examples/spark/extract_warc.py (an error row per failed page or
archive, never a silent drop):

    python examples/dask/extract_warc.py paths.txt --output out.parquet [--partitions N]

It runs on the local scheduler as it is; point a `dask.distributed.Client` at a cluster
(whose workers have dehusk installed) and the same graph runs there.
"""
import argparse

import dask.bag as db
import pandas as pd
import pyarrow as pa

COLUMNS = ["url", "warc_record_id", "title", "author", "date", "lang", "text",
           "word_count", "error"]


def row(path=None, **fields):
    """One row; an error message names the archive (once)."""
    error = fields.get("error")
    if error is not None and path not in error:
        fields["error"] = f"{path}: {error}"
    return {c: fields.get(c) for c in COLUMNS}


def rows(paths, **options):
    """The rows of every page of the archives, as dicts (one partition's work)."""
    import dehusk
    for path in paths:
        try:
            for rec in dehusk.iter_warc(path, **options):
                if rec.error is not None:
                    yield row(path, url=rec.url, warc_record_id=rec.warc_record_id,
                              error=str(rec.error))
                elif rec.document is not None:
                    d = rec.document
                    yield row(url=rec.url, warc_record_id=rec.warc_record_id, title=d.title,
                              author=d.author, date=d.date, lang=d.lang, text=d.text,
                              word_count=d.word_count)
        except Exception as exc:  # noqa: BLE001 - the archive fails, the rest go on
            yield row(path, error=f"{type(exc).__name__}: {exc}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="text file of WARC paths, one per line")
    ap.add_argument("--output", required=True, help="Parquet output directory")
    ap.add_argument("--partitions", type=int, default=None)
    args = ap.parse_args()
    with open(args.input, encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    meta = pd.DataFrame({c: pd.Series(dtype="Int64" if c == "word_count" else "object")
                         for c in COLUMNS})
    bag = db.from_sequence(paths, npartitions=args.partitions or len(paths))
    frame = bag.map_partitions(rows).to_dataframe(meta=meta).astype({"word_count": "Int64"})
    schema = pa.schema([(c, pa.int64() if c == "word_count" else pa.string())
                        for c in COLUMNS])
    frame.to_parquet(args.output, write_index=False, schema=schema)


if __name__ == "__main__":
    main()
