//! Where the sample pages live and which cases there are, for every test that walks them.

// Each test crate compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The `samples/` directory of the repository.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// Every sample case (a directory holding `<case>/<case>.html`), sorted by name.
pub fn cases() -> Vec<String> {
    let mut c: Vec<String> = std::fs::read_dir(samples())
        .expect("read samples/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| samples().join(n).join(format!("{n}.html")).is_file())
        .collect();
    c.sort();
    c
}
