//! Where pages come from for offline cleaning: files and directories named on the command
//! line, expanded in a stable order, each read, gunzipped and decoded into a [`Page`].

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::decode::looks_like_html;
use crate::error::Error;

/// Extensions taken from directories without sniffing.
const PAGE_SUFFIXES: &[&str] = &[".html.gz", ".htm.gz", ".xhtml", ".html", ".htm"];

/// Extensions of text and data formats that are never taken as pages from a directory,
/// whatever markup they mention.
const NOT_PAGE_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "rst", "json", "jsonl", "csv", "tsv", "xml", "toml", "yaml", "yml",
    "js", "mjs", "css", "rs", "py", "sh", "log", "pdf", "png", "jpg", "jpeg", "gif", "webp", "svg",
    "ico", "zip", "warc", "tmp",
];

/// One page to process, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// 0-based position among all inputs.
    pub index: usize,
    /// The file.
    pub path: PathBuf,
    /// The output stem: the file name without its page extension(s).
    pub stem: String,
}

/// A page read and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page as UTF-8.
    pub html: String,
    /// The encoding its bytes were in.
    pub encoding: &'static str,
}

/// Expands paths into inputs: files as given, directories searched recursively (sorted)
/// for page files. Problems with a path are returned beside the inputs, never fatal.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, &mut files, &mut errors),
            Ok(_) => files.push(path.clone()),
            Err(source) => errors.push(Error::Read {
                path: path.clone(),
                source,
            }),
        }
    }
    let inputs = files
        .into_iter()
        .enumerate()
        .map(|(index, path)| Input {
            index,
            stem: stem_of(&path),
            path,
        })
        .collect();
    (inputs, errors)
}

/// Depth-first, sorted walk with an explicit stack; symlinked directories are not followed
/// (no loops).
fn walk(root: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(source) => {
                errors.push(Error::Read { path: dir, source });
                continue;
            }
        };
        let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        found.sort();
        let mut subdirs = Vec::new();
        for path in found {
            match fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => subdirs.push(path),
                Ok(_) if is_page_file(&path) => files.push(path),
                Ok(_) => {}
                Err(source) => errors.push(Error::Read { path, source }),
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
}

/// A file counts as a page by its extension, or when its first bytes look like HTML.
fn is_page_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if PAGE_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return true;
    }
    let is_other_format = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| NOT_PAGE_EXTENSIONS.contains(&ext));
    if is_other_format || name.starts_with('.') {
        return false;
    }
    let mut head = [0u8; 1024];
    let Ok(mut f) = fs::File::open(path) else {
        return true; // let the read report the problem
    };
    let n = f.read(&mut head).unwrap_or(0);
    looks_like_html(&head[..n])
}

/// The file name without `.html.gz`, `.htm`, … (or its last extension otherwise).
pub fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "page".to_string());
    let lower = name.to_ascii_lowercase();
    for suffix in PAGE_SUFFIXES.iter().chain([&".gz"]) {
        if lower.ends_with(suffix) && name.len() > suffix.len() {
            return name[..name.len() - suffix.len()].to_string();
        }
    }
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_string(),
        _ => name,
    }
}

/// Reads one file's bytes, at most `max_bytes` of them (a larger file is an error naming
/// it and its size). Checking and decoding them is [`RawPage::read`](crate::RawPage::read)'s.
pub fn read_bytes(path: &Path, max_bytes: usize) -> Result<Vec<u8>, Error> {
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = fs::File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    // Read one byte past the limit so an oversized file is recognised without reading it all.
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() > max_bytes {
        let size = fs::metadata(path).map_or(bytes.len(), |m| m.len() as usize);
        return Err(Error::TooLarge {
            input: path.display().to_string(),
            size,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}

/// Reads, gunzips, checks and decodes one file (the benchmarks' and examples' loader; the
/// batch reads through [`read_bytes`] and [`RawPage`](crate::RawPage)).
pub fn read_page(path: &Path, max_bytes: usize) -> Result<Page, Error> {
    let bytes = read_bytes(path, max_bytes)?;
    let source = path.display().to_string();
    let d = crate::RawPage::new(&bytes, &source).decode(max_bytes)?;
    Ok(Page {
        html: d.html,
        encoding: d.encoding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_page_extensions() {
        assert_eq!(stem_of(Path::new("a/000_8f8e.html")), "000_8f8e");
        assert_eq!(stem_of(Path::new("abc.html.gz")), "abc");
        assert_eq!(stem_of(Path::new("x.HTM")), "x");
        assert_eq!(stem_of(Path::new("page")), "page");
        assert_eq!(stem_of(Path::new("notes.php")), "notes");
    }

    #[test]
    fn directories_are_walked_in_order_and_sniffed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("b.html"), "<p>b</p>").unwrap();
        fs::write(dir.path().join("a.htm"), "<p>a</p>").unwrap();
        fs::write(dir.path().join("sub/c"), "<!DOCTYPE html><p>c</p>").unwrap();
        fs::write(dir.path().join("notes.md"), "# not a page").unwrap();
        fs::write(dir.path().join("a.txt"), "<html>").unwrap();
        fs::write(dir.path().join("README.md"), "Use `<head>` and `<title>`").unwrap();
        let (inputs, errors) = collect(&[dir.path().to_path_buf()]);
        assert!(errors.is_empty());
        let stems: Vec<&str> = inputs.iter().map(|i| i.stem.as_str()).collect();
        assert_eq!(stems, ["a", "b", "c"]);
    }

    #[test]
    fn missing_path_is_reported_not_fatal() {
        let (inputs, errors) = collect(&[PathBuf::from("/nonexistent/dehusk")]);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
    }
}
