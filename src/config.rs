//! The one configuration: loaded from `config.toml` (every key optional, defaults named
//! here and documented in the shipped file), then overridden by command-line flags.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::extract::Options;

/// Default output directory for `clean`.
pub const DEFAULT_OUT_DIR: &str = "out";
/// Default worker threads: 0 means one per core.
pub const DEFAULT_THREADS: usize = 0;

/// Everything dehusk can be told.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where and how results are written.
    pub output: OutputConfig,
    /// How work is run.
    pub run: RunConfig,
    /// How pages are extracted.
    pub extract: Options,
}

/// `[output]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// Directory for text files (default `out`).
    pub dir: PathBuf,
    /// Put the headline on the first line of each text (default `true`).
    pub title: bool,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from(DEFAULT_OUT_DIR),
            title: true,
        }
    }
}

/// `[run]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// Worker threads for a batch; 0 uses every core (default 0).
    pub threads: usize,
}

impl Config {
    /// Reads a configuration file. Errors name the file, the line and the key.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: format!("cannot read: {e}"),
        })?;
        Config::parse(&text).map_err(|message| Error::Config {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses configuration text; the error says where (line) and what (key) is wrong.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| {
            let what = e.message().to_string();
            let Some(span) = e.span() else { return what };
            let start = span.start.min(text.len());
            let line = text[..start].matches('\n').count() + 1;
            // Name the key whose value is wrong (unknown keys already name themselves).
            let line_text = text.lines().nth(line - 1).unwrap_or("");
            match line_text.split_once('=') {
                Some((key, _)) if !what.contains(key.trim()) => {
                    format!("line {line}: key `{}`: {what}", key.trim())
                }
                _ => format!("line {line}: {what}"),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
    }

    #[test]
    fn shipped_config_matches_the_defaults() {
        let text = include_str!("../config.toml");
        assert_eq!(Config::parse(text).unwrap(), Config::default());
    }

    #[test]
    fn errors_name_line_and_key() {
        let err =
            Config::parse("[output]\ntitle = true\n\n[extract]\nmax_bites = 3\n").unwrap_err();
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("max_bites"), "{err}");
        let err = Config::parse("[run]\nthreads = \"many\"\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        assert!(err.contains("threads"), "{err}");
    }
}
