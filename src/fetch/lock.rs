//! The output directory's lock: one `dehusk fetch` at a time writes into a directory, or two
//! runs would fetch everything twice and interleave their manifest lines. An advisory
//! exclusive lock (`flock`) on `DIR/.dehusk.lock`, held for the whole run: the kernel lets it
//! go when the process ends however it ends, so a run killed with `kill -9` never leaves a
//! stale lock behind.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::error::Error;

/// The lock file's name inside the output directory. It is left in place after the run:
/// removing it would let a run that opened it just before the removal lock a file nobody
/// else can see any more, and so run beside a third.
pub const LOCK_NAME: &str = ".dehusk.lock";

/// Longest pid text read back from a lock file (a pid is at most 10 digits).
const PID_TEXT_MAX: u64 = 32;

/// The held lock; dropping it (or ending the process) lets it go.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

/// Locks `dir` for this process, writing its pid into the lock file so a second run can
/// name it. Fails with [`Error::DirLocked`] when another process holds the lock.
pub fn lock_dir(dir: &Path) -> Result<DirLock, Error> {
    let path = dir.join(LOCK_NAME);
    let err = |source| Error::Write {
        path: path.clone(),
        source,
    };
    // Not truncated on open: the holder's pid must stay readable until the lock is ours.
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(err)?;
    // Called through the trait: std's own `File::try_lock` (Rust 1.89) would shadow it.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => {}
        Err(fs4::TryLockError::WouldBlock) => {
            return Err(Error::DirLocked {
                dir: dir.to_path_buf(),
                pid: read_pid(&mut file),
            });
        }
        Err(fs4::TryLockError::Error(source)) => return Err(err(source)),
    }
    file.set_len(0).map_err(err)?;
    file.seek(SeekFrom::Start(0)).map_err(err)?;
    file.write_all(format!("{}\n", std::process::id()).as_bytes())
        .map_err(err)?;
    Ok(DirLock { _file: file })
}

/// The pid the holder wrote, when it has written one yet.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.take(PID_TEXT_MAX).read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_dir_is_refused_with_the_pid() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_dir(dir.path()).unwrap();
        // flock locks belong to the open file, so a second open in this process conflicts
        // just as another process would.
        let err = lock_dir(dir.path()).unwrap_err();
        match &err {
            Error::DirLocked { dir: d, pid } => {
                assert_eq!(d, dir.path());
                assert_eq!(*pid, Some(std::process::id()));
            }
            other => panic!("{other}"),
        }
        let text = err.to_string();
        assert!(text.contains(&dir.path().display().to_string()), "{text}");
        assert!(text.contains(&std::process::id().to_string()), "{text}");
        drop(held);
        assert!(lock_dir(dir.path()).is_ok());
        assert!(dir.path().join(LOCK_NAME).is_file());
    }
}
