//! Where text goes: files named after their input (collisions get a numeric suffix, never
//! an overwrite), each written to a temporary name and renamed so no reader ever sees half
//! a file.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Permissions of written files on Unix (before the umask-free rename: rw-r--r--).
#[cfg(unix)]
const OUTPUT_MODE: u32 = 0o644;

/// Assigns output file names, unique within one run (case-insensitively, for file systems
/// that fold case).
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

/// A name given out, and whether it had to be changed to stay unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    /// The stem to write under.
    pub stem: String,
    /// True when the wanted stem was already taken in this run.
    pub renamed: bool,
}

impl Namer {
    /// Gives `wanted`, or `wanted-2`, `wanted-3`… when it is taken.
    pub fn assign(&mut self, wanted: &str) -> Assigned {
        let mut n = 1;
        loop {
            let stem = if n == 1 {
                wanted.to_string()
            } else {
                format!("{wanted}-{n}")
            };
            if self.used.insert(stem.to_lowercase()) {
                return Assigned {
                    stem,
                    renamed: n > 1,
                };
            }
            n += 1;
        }
    }
}

/// Writes `contents` to `dir/name` atomically: a temporary file in the same directory,
/// then renamed over the target. A killed process leaves the old file or the new one,
/// never half of one. (No fsync: that guards against power loss only, and costs more than
/// extracting the page.)
pub fn write_atomic(dir: &Path, name: &str, contents: &[u8]) -> Result<PathBuf, Error> {
    let target = dir.join(name);
    let err = |source| Error::Write {
        path: target.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".dehusk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(contents).map_err(err)?;
    // Temporary files are created private (0600); results are ordinary files, readable
    // like anything else the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(OUTPUT_MODE))
            .map_err(err)?;
    }
    tmp.persist(&target).map_err(|e| err(e.error))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_suffixes() {
        let mut n = Namer::default();
        assert_eq!(n.assign("a").stem, "a");
        let second = n.assign("a");
        assert_eq!(second.stem, "a-2");
        assert!(second.renamed);
        assert_eq!(n.assign("a").stem, "a-3");
        assert_eq!(n.assign("a-2").stem, "a-2-2");
    }

    #[test]
    fn atomic_write_leaves_only_the_target() {
        let dir = tempfile::tempdir().unwrap();
        write_atomic(dir.path(), "x.txt", b"hello\n").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.txt"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("x.txt"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}
