//! Command-line flags (clap derive). Flags stay here: they are folded into the one
//! [`Config`] by [`Cli::apply`], and nothing else in dehusk sees clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use dehusk::config::Config;

/// dehusk strips the husk off web pages and keeps the kernel: the article text.
#[derive(Debug, Parser)]
#[command(name = "dehusk", version, about)]
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
        #[command(flatten)]
        extract: ExtractFlags,
    },
}

/// Flags shared by every command that extracts.
#[derive(Debug, Args)]
pub struct ExtractFlags {
    /// The page's URL, when known (recorded; else the page's canonical link is used).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
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
    /// No progress bar and no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

impl Cli {
    /// Folds the flags over a loaded configuration.
    pub fn apply(&self, config: &mut Config) {
        let flags = match &self.command {
            Command::Clean {
                out,
                threads,
                extract,
                ..
            } => {
                if let Some(out) = out {
                    config.output.dir = out.clone();
                }
                if let Some(t) = threads {
                    config.run.threads = *t;
                }
                extract
            }
            Command::Extract { extract } => extract,
        };
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
    }

    /// The flags of the extraction command given.
    pub fn extract_flags(&self) -> &ExtractFlags {
        match &self.command {
            Command::Clean { extract, .. } | Command::Extract { extract } => extract,
        }
    }
}
