//! The `dehusk` binary: parse flags, resolve the configuration, run, map the outcome to an
//! exit code. All work lives in the library.

mod cli;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use cli::{Cli, Command};
use dehusk::config::Config;
use dehusk::pipeline::{self, Event};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dehusk: {e:#}");
            ExitCode::from(2)
        }
    }
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
    let flags = cli.extract_flags();
    match &cli.command {
        Command::Clean { paths, .. } if paths.len() == 1 && paths[0] == Path::new("-") => {
            stdin_to_stdout(&config, flags.url.as_deref())
        }
        Command::Clean { paths, .. } => {
            clean_paths(paths, &config, flags.url.as_deref(), flags.quiet)
        }
        Command::Extract { .. } => stdin_to_stdout(&config, flags.url.as_deref()),
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
    let mut out = std::io::stdout().lock();
    out.write_all(doc.to_text(config.output.title).as_bytes())?;
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
            "dehusk: {}: output name {:?} already taken, writing {stem}.txt",
            input.path.display(),
            input.stem
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
            say(format!("dehusk: {error}"));
            bar.inc(1);
        }
    };
    let summary = pipeline::clean_files(&inputs, url, config, &on_event)?;
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
