//! The `dehusk` binary: parse flags, resolve the configuration, run, map the outcome to an
//! exit code. All work lives in the library.

mod cli;
mod interrupt;
mod serving;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use cli::{Cli, Command};
use dehusk::config::Config;
use dehusk::fetch::{self, Event as FetchEvent, ListSource, Outcome, StopHandle};
use dehusk::pipeline::{self, Event, Output, WarcEvent};
use dehusk::record::Provenance;
use dehusk::sink::Format;
use interrupt::Interrupts;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dehusk: {}", say_once(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each said once: the library's errors already print their
/// cause (an OS error, say), which the chain would repeat.
fn say_once(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load_config(cli: &Cli) -> anyhow::Result<Config> {
    let mut config = match &cli.config {
        Some(path) => Config::load(path)?,
        None if Path::new("config.toml").is_file() => Config::load(Path::new("config.toml"))?,
        None => Config::default(),
    };
    cli.apply(&mut config);
    Ok(config)
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let config = load_config(cli)?;
    let quiet = cli.extract_flags().quiet;
    let url = cli.url();
    match &cli.command {
        Command::Clean { paths, .. } if paths.len() == 1 && paths[0] == Path::new("-") => {
            stdin_to_stdout(&config, url)
        }
        Command::Clean { paths, .. } => clean_paths(paths, &config, url, quiet),
        Command::Extract { .. } => stdin_to_stdout(&config, url),
        Command::Fetch { list, .. } => fetch_list(list, &config, quiet),
        Command::Warc { paths, .. } => warc_paths(paths, &config, quiet),
        Command::Serve { .. } => serving::serve(config),
    }
}

/// Where pages go: files in the output directory, or for JSONL one stream (the `--out`
/// file when it ends in `.jsonl`, else stdout).
fn output_of(config: &Config) -> Output {
    let dir = config.output.dir.clone();
    let to_file = dir
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
    Output {
        format: config.output.format,
        title: config.output.title,
        jsonl: (config.output.format == Format::Jsonl && to_file).then(|| dir.clone()),
        dir,
    }
}

fn stdin_to_stdout(config: &Config, url: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(config.extract.max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .context("<stdin>: cannot read")?;
    let doc = pipeline::clean_bytes("<stdin>", bytes, url, config)?;
    if doc.is_empty() {
        eprintln!("dehusk: <stdin>: no article text found");
        return Ok(ExitCode::SUCCESS);
    }
    let from = Provenance {
        url: url.map(str::to_string),
        ..Provenance::default()
    };
    let text = config
        .output
        .format
        .render(&doc, &from, config.output.title);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn clean_paths(
    paths: &[PathBuf],
    config: &Config,
    url: Option<&str>,
    quiet: bool,
) -> anyhow::Result<ExitCode> {
    let (inputs, path_errors) = dehusk::source::collect(paths);
    for e in &path_errors {
        eprintln!("dehusk: {e}");
    }
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(inputs.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} pages {per_sec} {elapsed}")
        {
            bar.set_style(style);
        }
        bar
    };
    let say = |line: String| {
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
    };
    let on_event = |event: Event<'_>| match event {
        Event::Renamed { input, stem } => say(format!(
            "dehusk: {}: output name {:?} already taken, writing {stem}.{}",
            input.path.display(),
            input.stem,
            config.output.format.extension()
        )),
        Event::Written { .. } => bar.inc(1),
        Event::Empty { input } => {
            if !quiet {
                say(format!(
                    "dehusk: {}: no article text found (empty)",
                    input.path.display()
                ));
            }
            bar.inc(1);
        }
        Event::Failed { error, .. } => {
            exit_if_broken_pipe(error);
            say(format!("dehusk: {error}"));
            bar.inc(1);
        }
    };
    let summary = pipeline::clean_files_to(&inputs, url, config, &output_of(config), &on_event)?;
    bar.finish_and_clear();
    let failed = summary.failed + path_errors.len();
    if !quiet {
        eprintln!(
            "dehusk: {} pages, {} empty, {} failed, {:.1} s",
            summary.pages, summary.empty, failed, summary.seconds
        );
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A reader that closed the pipe wants no more output: stop quietly, as `head` expects.
fn exit_if_broken_pipe(error: &dehusk::Error) {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(c) = cause {
        if c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        {
            std::process::exit(0);
        }
        cause = c.source();
    }
}

fn warc_paths(paths: &[PathBuf], config: &Config, quiet: bool) -> anyhow::Result<ExitCode> {
    let on_event = |event: WarcEvent<'_>| match event {
        WarcEvent::Failed { error, .. } => {
            exit_if_broken_pipe(error);
            eprintln!("dehusk: {error}")
        }
        WarcEvent::Damaged { path, error } => eprintln!("dehusk: {}: {error}", path.display()),
        WarcEvent::Empty { url } if !quiet => {
            eprintln!("dehusk: {url}: no article text found (empty)")
        }
        _ => {}
    };
    let s = pipeline::warc_files(paths, config, &output_of(config), &on_event)?;
    if !quiet {
        eprintln!(
            "dehusk: {} records, {} pages, {} empty, {} skipped (not 200 or not HTML), {} failed, {} damaged archives, {:.1} s",
            s.records, s.pages, s.empty, s.skipped, s.failed, s.damaged, s.seconds
        );
    }
    Ok(if s.failed + s.damaged == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn fetch_list(list: &Path, config: &Config, quiet: bool) -> anyhow::Result<ExitCode> {
    let source = if list == Path::new("-") {
        ListSource::Stdin
    } else {
        ListSource::File(list.to_path_buf())
    };
    let stop = StopHandle::new();
    let interrupts = Interrupts::install(&stop)?;
    let bar = fetch_bar(quiet);
    let on_event = |event: FetchEvent<'_>| report_fetch_event(&bar, quiet, event);
    let summary = fetch::run(&source, config, &stop, &on_event)?;
    bar.finish_and_clear();
    if !quiet {
        print_fetch_summary(&summary, config);
    }
    Ok(if summary.interrupted {
        ExitCode::from(interrupts.exit_code())
    } else if summary.any_failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Names failures (and, unless quiet, skips and empty pages) and moves the progress line.
fn report_fetch_event(bar: &ProgressBar, quiet: bool, event: FetchEvent<'_>) {
    let say = |line: String| {
        if bar.is_hidden() {
            eprintln!("{line}");
        } else {
            bar.println(line);
        }
    };
    match event {
        FetchEvent::Finished {
            record,
            error,
            progress,
        } => {
            match (record.outcome, error) {
                (Outcome::Failed, Some(e)) => say(format!("dehusk: {e}")),
                (Outcome::Skipped, Some(e)) if !quiet => say(format!("dehusk: {e} (skipped)")),
                (Outcome::Empty, _) if !quiet => say(format!(
                    "dehusk: {}: no article text found (empty)",
                    fetch::shown_text(&record.url)
                )),
                _ => {}
            }
            bar.set_position(progress.finished);
            let rate = progress.finished as f64 / bar.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} failed, {} skipped, {} in flight, {rate:.0} pages/s",
                progress.failed, progress.skipped, progress.in_flight
            ));
        }
        FetchEvent::ListError(e) => say(format!("dehusk: {e}")),
        FetchEvent::Stopping { in_flight } => say(format!(
            "dehusk: stopping: no new requests; waiting for the {in_flight} in flight \
             (a second Ctrl-C or SIGTERM cancels them)"
        )),
    }
}

fn fetch_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} done, {msg}, {elapsed}") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn print_fetch_summary(s: &fetch::Summary, config: &Config) {
    let finished = s.written + s.empty + s.skipped + s.failed;
    let rate = finished as f64 / s.seconds.max(1e-9);
    eprintln!(
        "dehusk: {} URLs: {} written, {} empty, {} skipped, {} failed, {} done before, {:.1} s ({rate:.0}/s)",
        s.urls, s.written, s.empty, s.skipped, s.failed, s.done_before, s.seconds
    );
    if s.failed_before > 0 {
        eprintln!(
            "dehusk: {} URLs failed in an earlier run and were not retried (--retry-failed retries them)",
            s.failed_before
        );
    }
    if s.interrupted {
        eprintln!(
            "dehusk: interrupted; run the same command again to fetch the rest (the manifest {} is up to date)",
            config.output.dir.join(fetch::MANIFEST_NAME).display()
        );
    }
}
