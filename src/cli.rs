//! Command-line flags (clap derive). Flags stay here: they are folded into the one
//! [`Config`] by [`Cli::apply`], and nothing else in dehusk sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use dehusk::config::Config;
use dehusk::sink::Format;

/// dehusk strips the husk off web pages and keeps the kernel: the article text.
#[derive(Debug, Parser)]
// A flag given twice takes its last value, so scripts can append overrides.
#[command(name = "dehusk", version, about, args_override_self = true)]
pub struct Cli {
    /// Configuration file (default: ./config.toml when it exists).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean saved pages: files or directories in, one text file per page out.
    /// `-` reads one page on stdin and writes its text to stdout.
    Clean {
        /// Files (.html, .htm, .html.gz, or anything that looks like HTML) or directories.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The page's URL, when known (recorded; else the page's canonical link is used).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Output directory (config: output.dir, default "out").
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Worker threads, 0 for one per core (config: run.threads).
        #[arg(long, short = 'j', value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        extract: ExtractFlags,
    },
    /// Read one page on stdin, write its text to stdout.
    Extract {
        /// The page's URL, when known (recorded; else the page's canonical link is used).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        #[command(flatten)]
        extract: ExtractFlags,
    },
    /// Extract every HTML response of WARC archives (.warc or .warc.gz): each page is
    /// written as DIR/NNN_<hash> like fetch's, NNN the record's position in the input.
    Warc {
        /// The archives.
        #[arg(required = true, value_name = "FILE")]
        paths: Vec<PathBuf>,
        /// Output directory, or FILE.jsonl with --format jsonl (config: output.dir).
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Worker threads, 0 for one per core (config: run.threads).
        #[arg(long, short = 'j', value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        extract: ExtractFlags,
    },
    /// Download every URL of a list (one per line; `-` reads it from stdin) and write
    /// each page's text to DIR/NNN_<hash>.txt, with DIR/manifest.jsonl recording each URL.
    /// Rerun the same command to resume.
    Fetch {
        /// The URL list, or `-` for stdin.
        #[arg(value_name = "URLS")]
        list: PathBuf,
        /// Output directory (config: output.dir, default "out").
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Pages extracted at once, 0 for two per core (config: run.threads).
        #[arg(long, short = 'j', value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        fetch: FetchFlags,
        #[command(flatten)]
        extract: ExtractFlags,
    },
    /// Answer over HTTP: POST /extract (the page as the body), GET /extract?url=,
    /// POST /extract/batch, GET /healthz, GET /metrics. Stops on SIGTERM or Ctrl-C.
    Serve {
        #[command(flatten)]
        serve: ServeFlags,
        #[command(flatten)]
        extract: ExtractFlags,
    },
}

/// Flags of `serve` (each overrides a `[serve]` key of the configuration).
#[derive(Debug, Args)]
pub struct ServeFlags {
    /// Address and port to listen on (serve.listen, default 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<String>,
    /// Pages extracted at once, 0 for one per core (serve.slots).
    #[arg(long, value_name = "N")]
    pub slots: Option<usize>,
    /// Requests waiting for a slot before 429 (serve.queue).
    #[arg(long, value_name = "N")]
    pub queue: Option<usize>,
    /// Largest request body, 0 for extract.max_bytes (serve.max_body_bytes).
    #[arg(long, value_name = "BYTES")]
    pub max_body: Option<usize>,
    /// Let GET /extract?url= reach loopback and private addresses (serve.allow_private).
    #[arg(long)]
    pub allow_private: bool,
    /// Require `Authorization: Bearer TOKEN`, the token read from FILE (serve.token_file).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

impl ServeFlags {
    /// Folds the serve flags over `[serve]`.
    fn apply(&self, config: &mut Config) {
        let s = &mut config.serve;
        if let Some(listen) = &self.listen {
            s.listen.clone_from(listen);
        }
        if let Some(n) = self.slots {
            s.slots = n;
        }
        if let Some(n) = self.queue {
            s.queue = n;
        }
        if let Some(n) = self.max_body {
            s.max_body_bytes = n;
        }
        if self.allow_private {
            s.allow_private = true;
        }
        if let Some(path) = &self.token_file {
            s.token_file = Some(path.clone());
        }
    }
}

/// Flags of `fetch` (each overrides a `[fetch]` key of the configuration).
#[derive(Debug, Args)]
pub struct FetchFlags {
    /// Requests in flight at once, all hosts together (fetch.concurrency).
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Requests in flight at once to one host (fetch.per_host).
    #[arg(long, value_name = "N")]
    pub per_host: Option<usize>,
    /// Milliseconds between the starts of two requests to one host (fetch.host_delay_ms).
    #[arg(long, value_name = "MS")]
    pub delay_ms: Option<u64>,
    /// The User-Agent header (fetch.user_agent).
    #[arg(long, value_name = "STRING")]
    pub user_agent: Option<String>,
    /// Do not fetch or obey robots.txt (fetch.robots = false).
    #[arg(long)]
    pub ignore_robots: bool,
    /// Milliseconds allowed to connect (fetch.connect_timeout_ms).
    #[arg(long, value_name = "MS")]
    pub connect_timeout_ms: Option<u64>,
    /// Milliseconds allowed for a whole request, body included (fetch.timeout_ms).
    #[arg(long, value_name = "MS")]
    pub timeout_ms: Option<u64>,
    /// Largest body read, after decompression (fetch.max_body_bytes).
    #[arg(long, value_name = "BYTES")]
    pub max_body: Option<usize>,
    /// Redirects followed (fetch.max_redirects).
    #[arg(long, value_name = "N")]
    pub max_redirects: Option<usize>,
    /// Retries after the first attempt (fetch.retries).
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// First backoff delay in milliseconds, doubled on each retry (fetch.backoff_ms).
    #[arg(long, value_name = "MS")]
    pub backoff_ms: Option<u64>,
    /// Fetch again the URLs an earlier run failed (fetch.retry_failed; the default).
    #[arg(long, conflicts_with = "no_retry_failed")]
    pub retry_failed: bool,
    /// Leave the URLs an earlier run failed as they are.
    #[arg(long)]
    pub no_retry_failed: bool,
    /// Keep each page's HTML (as UTF-8) beside its text, NNN_<hash>.html (fetch.save_html).
    #[arg(long)]
    pub save_html: bool,
}

/// Flags shared by every command that extracts.
#[derive(Debug, Args)]
pub struct ExtractFlags {
    /// Leave the headline off the first line.
    #[arg(long)]
    pub no_title: bool,
    /// Keep comment sections.
    #[arg(long)]
    pub include_comments: bool,
    /// Drop tables.
    #[arg(long, conflicts_with = "include_tables")]
    pub no_tables: bool,
    /// Keep tables (the default).
    #[arg(long)]
    pub include_tables: bool,
    /// Refuse pages over this many bytes.
    #[arg(long, value_name = "BYTES")]
    pub max_bytes: Option<usize>,
    /// Output format: txt, md, json or jsonl (config: output.format).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Keep links in Markdown output.
    #[arg(long)]
    pub links: bool,
    /// Keep images in Markdown output.
    #[arg(long)]
    pub images: bool,
    /// Drop doubtful lines: fewer stray lines, a little article text lost.
    #[arg(long, conflicts_with = "favor_recall")]
    pub favor_precision: bool,
    /// Keep doubtful lines: less article text lost, a few stray lines kept.
    #[arg(long)]
    pub favor_recall: bool,
    /// Report pages with fewer characters of article text as empty.
    #[arg(long, value_name = "N")]
    pub min_chars: Option<usize>,
    /// Keep only pages in this language (ISO 639-1, e.g. de); others are reported empty.
    #[arg(long, value_name = "xx")]
    pub lang: Option<String>,
    /// Drop paragraphs repeated anywhere in a page.
    #[arg(long)]
    pub dedupe: bool,
    /// Give up on a page after this many milliseconds of extraction (0: no limit).
    #[arg(long, value_name = "MS")]
    pub time_budget_ms: Option<u64>,
    /// No progress bar and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Cli {
    /// Folds the flags over a loaded configuration.
    pub fn apply(&self, config: &mut Config) {
        let (out, threads) = match &self.command {
            Command::Clean { out, threads, .. }
            | Command::Warc { out, threads, .. }
            | Command::Fetch { out, threads, .. } => (out.as_ref(), *threads),
            Command::Extract { .. } | Command::Serve { .. } => (None, None),
        };
        if let Some(out) = out {
            config.output.dir = out.clone();
        }
        if let Some(t) = threads {
            config.run.threads = t;
        }
        if let Command::Fetch { fetch, .. } = &self.command {
            fetch.apply(config);
        }
        if let Command::Serve { serve, .. } = &self.command {
            serve.apply(config);
        }
        let flags = self.extract_flags();
        if flags.no_title {
            config.output.title = false;
        }
        if flags.include_comments {
            config.extract.include_comments = true;
        }
        if flags.no_tables {
            config.extract.include_tables = false;
        }
        if flags.include_tables {
            config.extract.include_tables = true;
        }
        if let Some(m) = flags.max_bytes {
            config.extract.max_bytes = m;
        }
        flags.apply_output(config);
    }

    /// The flags of the extraction command given.
    pub fn extract_flags(&self) -> &ExtractFlags {
        match &self.command {
            Command::Clean { extract, .. }
            | Command::Extract { extract, .. }
            | Command::Warc { extract, .. }
            | Command::Fetch { extract, .. }
            | Command::Serve { extract, .. } => extract,
        }
    }

    /// The page URL given with `--url` (clean and extract only).
    pub fn url(&self) -> Option<&str> {
        match &self.command {
            Command::Clean { url, .. } | Command::Extract { url, .. } => url.as_deref(),
            Command::Fetch { .. } | Command::Warc { .. } | Command::Serve { .. } => None,
        }
    }
}

impl ExtractFlags {
    /// Folds the format and extraction-option flags over the configuration.
    fn apply_output(&self, config: &mut Config) {
        let e = &mut config.extract;
        if let Some(f) = self.format {
            config.output.format = f;
        }
        e.links |= self.links;
        e.images |= self.images;
        e.dedupe |= self.dedupe;
        if self.favor_precision {
            e.focus = dehusk::Focus::Precision;
        }
        if self.favor_recall {
            e.focus = dehusk::Focus::Recall;
        }
        if let Some(n) = self.min_chars {
            e.min_chars = n;
        }
        if let Some(lang) = &self.lang {
            e.lang = Some(lang.trim().to_ascii_lowercase());
        }
        if let Some(ms) = self.time_budget_ms {
            e.time_budget_ms = (ms > 0).then_some(ms);
        }
    }
}

impl FetchFlags {
    /// Folds the fetch flags over `[fetch]`.
    fn apply(&self, config: &mut Config) {
        let f = &mut config.fetch;
        let set = |target: &mut usize, value: Option<usize>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set(&mut f.concurrency, self.concurrency);
        set(&mut f.per_host, self.per_host);
        set(&mut f.max_body_bytes, self.max_body);
        set(&mut f.max_redirects, self.max_redirects);
        let set_ms = |target: &mut u64, value: Option<u64>| {
            if let Some(v) = value {
                *target = v;
            }
        };
        set_ms(&mut f.host_delay_ms, self.delay_ms);
        set_ms(&mut f.connect_timeout_ms, self.connect_timeout_ms);
        set_ms(&mut f.timeout_ms, self.timeout_ms);
        set_ms(&mut f.backoff_ms, self.backoff_ms);
        if let Some(r) = self.retries {
            f.retries = r;
        }
        if let Some(ua) = &self.user_agent {
            f.user_agent.clone_from(ua);
        }
        if self.ignore_robots {
            f.robots = false;
        }
        if self.retry_failed {
            f.retry_failed = true;
        }
        if self.no_retry_failed {
            f.retry_failed = false;
        }
        if self.save_html {
            f.save_html = true;
        }
    }
}
