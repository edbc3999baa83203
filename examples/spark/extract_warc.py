#!/usr/bin/env python3
"""Extract the article text of every HTML page of WARC archives with Spark and dehusk.

The input is a text file of WARC paths, one per line (the cc-pyspark pattern: Common Crawl
publishes such lists as warc.paths.gz). The paths are spread over --partitions tasks; each
task streams its archives one after the other with `dehusk.iter_warc` (constant memory, one
core) and emits one row per HTML page, written as Parquet:

    url, warc_record_id, title, author, date, lang, text, word_count, error

A page that fails (too large, timed out, undecodable, a damaged record) is a row whose
`error` names the archive and the reason, its other fields null; an archive that cannot be
opened or is cut short gives an error row too. Nothing is dropped silently. Records that are
not pages (requests, metadata, non-200 or non-HTML responses) are skipped, as by
`dehusk warc`.

    spark-submit examples/spark/extract_warc.py paths.txt --output out.parquet

Paths may be local files (the same path on every node: a shared mount), `file://` URLs,
`http(s)://` URLs (streamed), or any URL pyarrow's filesystems read (`s3://`, `gs://`,
`hdfs://`, ...), for example `s3://commoncrawl/crawl-data/CC-MAIN-.../warc/....warc.gz`.
A bare Common Crawl path (`crawl-data/...`) is read from --prefix when given. The driver
reads only the list of paths, never an archive: the job runs unchanged on a cluster.

Shipping dehusk to the executors (it is a compiled extension module, abi3, one wheel for
CPython >= 3.9 per platform; build it with `pip wheel ./python` or `maturin build`):

  * a packed environment, Spark's documented way for native packages:
        python -m venv env && env/bin/pip install dehusk-*.whl pyarrow venv-pack
        env/bin/venv-pack -o env.tar.gz
        PYSPARK_PYTHON=./env/bin/python spark-submit --archives env.tar.gz#env \\
            examples/spark/extract_warc.py paths.txt --output s3://bucket/out.parquet
    (`--archives` is `spark.archives`; on YARN also set
    spark.yarn.appMasterEnv.PYSPARK_PYTHON=./env/bin/python);
  * the wheel itself: `spark-submit --py-files dehusk-<ver>-cp39-abi3-<platform>.whl ...`.
    Python cannot import a compiled module from inside a zip, so this job, when `import
    dehusk` fails on an executor, unpacks a shipped dehusk wheel found on sys.path (where
    --py-files puts it) or in the SparkFiles directory into a local directory and imports
    it from there. The wheel's platform must match the executors' (a manylinux wheel for
    Linux nodes);
  * or install the wheel on every node (a bootstrap action, an image).
"""
import argparse
import glob
import hashlib
import os
import shutil
import sys
import tempfile
import zipfile

# The Parquet columns, in order.
COLUMNS = ["url", "warc_record_id", "title", "author", "date", "lang", "text",
           "word_count", "error"]


def _import_dehusk():
    """`import dehusk`, else from a shipped wheel (see the module docstring)."""
    try:
        import dehusk
        return dehusk
    except ImportError as first:
        wheels = [p for p in sys.path if os.path.basename(p).startswith("dehusk-")
                  and p.endswith(".whl")]
        try:
            from pyspark import SparkFiles
            wheels += glob.glob(os.path.join(SparkFiles.getRootDirectory(), "dehusk-*.whl"))
        except Exception:  # noqa: BLE001 - not in a Spark task, or no SparkFiles
            pass
        for wheel in wheels:
            if not os.path.isfile(wheel):
                continue
            with open(wheel, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()[:16]
            # One directory per wheel content, shared by the tasks of a node.
            target = os.path.join(tempfile.gettempdir(), "dehusk-wheel-%s" % digest)
            if not os.path.isdir(os.path.join(target, "dehusk")):
                tmp = tempfile.mkdtemp(dir=tempfile.gettempdir())
                with zipfile.ZipFile(wheel) as zf:
                    zf.extractall(tmp)
                try:
                    os.rename(tmp, target)
                except OSError:  # another task on this node was first
                    shutil.rmtree(tmp, ignore_errors=True)
            sys.path.insert(0, target)
            import dehusk
            return dehusk
        raise ImportError("dehusk is not installed on this executor and no dehusk wheel "
                          "was shipped (--py-files dehusk-*.whl or --archives env.tar.gz)"
                          ) from first


def _open(path, prefix):
    """A local path, or a readable binary stream for a URL."""
    if prefix and "://" not in path and not os.path.isabs(path):
        path = prefix.rstrip("/") + "/" + path
    if path.startswith("file://"):
        return path[len("file://"):]
    if "://" not in path:
        return path
    if path.startswith(("http://", "https://")):
        import urllib.request
        return urllib.request.urlopen(path, timeout=60)  # noqa: S310 - user's own list
    from pyarrow import fs
    filesystem, inner = fs.FileSystem.from_uri(path)
    return filesystem.open_input_stream(inner)


def _error_row(path, message, url=None, record_id=None):
    """An error row; its message names the archive (once)."""
    message = str(message)
    if path not in message:
        message = "%s: %s" % (path, message)
    return (url, record_id, None, None, None, None, None, None, message)


def extract_archives(paths, options, prefix=None):
    """Yields the rows of every page of the archives, in order (one task's work)."""
    dehusk = _import_dehusk()
    for path in paths:
        path = path.strip()
        if not path or path.startswith("#"):
            continue
        source = None
        try:
            source = _open(path, prefix)
            for rec in dehusk.iter_warc(source, **options):
                error = getattr(rec, "error", None)
                doc = getattr(rec, "document", None)
                if error is not None:
                    yield _error_row(path, error, rec.url, rec.warc_record_id)
                elif doc is not None:
                    yield (rec.url, rec.warc_record_id, doc.title, doc.author, doc.date,
                           doc.lang, doc.text, doc.word_count, None)
                # else: a record that is not a page (request, metadata, non-200, not HTML)
        except Exception as exc:  # noqa: BLE001 - the archive fails, the task goes on
            yield _error_row(path, "%s: %s" % (type(exc).__name__, exc))
        finally:
            if source is not None and hasattr(source, "close"):
                source.close()


def extraction_options(args):
    """The keyword options of dehusk.iter_warc, from the command line."""
    options = {"include_tables": not args.no_tables,
               "include_comments": args.include_comments}
    if args.favor_precision:
        options["focus"] = "precision"
    elif args.favor_recall:
        options["focus"] = "recall"
    if args.min_chars is not None:
        options["min_chars"] = args.min_chars
    if args.lang is not None:
        options["lang"] = args.lang
    if args.time_budget_ms is not None:
        options["time_budget_ms"] = args.time_budget_ms
    return options


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="text file of WARC paths, one per line (any path Spark "
                    "reads: local, hdfs://, s3a://, ...)")
    ap.add_argument("--output", required=True, help="Parquet output directory")
    ap.add_argument("--partitions", type=int, default=None,
                    help="tasks to spread the archives over (default: one per archive, "
                    "at most spark.default.parallelism * 4)")
    ap.add_argument("--prefix", default=None, help="prepended to relative paths, e.g. "
                    "https://data.commoncrawl.org or s3://commoncrawl")
    ap.add_argument("--mode", default="errorifexists",
                    choices=["errorifexists", "overwrite", "append", "ignore"],
                    help="what to do when --output exists (Spark's save mode)")
    ap.add_argument("--output-partitions", type=int, default=None,
                    help="coalesce to this many Parquet files (default: one per task)")
    focus = ap.add_mutually_exclusive_group()
    focus.add_argument("--favor-precision", action="store_true",
                       help="drop doubtful lines: fewer stray lines, a little text lost")
    focus.add_argument("--favor-recall", action="store_true",
                       help="keep doubtful lines: less text lost, a few stray lines kept")
    ap.add_argument("--log-level", default="WARN", help="Spark's log level (default WARN)")
    ap.add_argument("--no-tables", action="store_true", help="drop tables")
    ap.add_argument("--include-comments", action="store_true", help="keep comment sections")
    ap.add_argument("--min-chars", type=int, default=None,
                    help="report pages with fewer characters of text as empty")
    ap.add_argument("--lang", default=None,
                    help="keep only pages in this language (ISO 639-1); others are empty")
    ap.add_argument("--time-budget-ms", type=int, default=None,
                    help="give up on a page after this many milliseconds")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark = SparkSession.builder.appName("dehusk-extract-warc").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel(args.log_level)
    options = extraction_options(args)
    prefix = args.prefix

    # The list of paths is read by the executors like any text file; only its lines are
    # shuffled, so each archive goes to exactly one task, round-robin by its line number.
    paths = (sc.textFile(args.input)
             .map(str.strip)
             .filter(lambda p: p and not p.startswith("#"))
             .zipWithIndex()
             .map(lambda pi: (pi[1], pi[0])))
    count = paths.count()
    if count == 0:
        raise SystemExit("no WARC paths in %s" % args.input)
    partitions = args.partitions or min(count, 4 * sc.defaultParallelism)
    paths = paths.partitionBy(partitions, lambda i: i % partitions).values()

    rows = paths.mapPartitions(lambda part: extract_archives(part, options, prefix))
    schema = StructType([StructField(name, LongType() if name == "word_count" else
                                     StringType(), True) for name in COLUMNS])
    frame = spark.createDataFrame(rows, schema)
    if args.output_partitions:
        frame = frame.coalesce(args.output_partitions)
    frame.write.mode(args.mode).parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
