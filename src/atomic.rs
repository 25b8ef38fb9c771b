//! Files replaced whole or not at all: a temporary file beside the target,
//! renamed over it once complete, so a crash or a full disk leaves the
//! previous file as it was.

use std::fs;
use std::io;
use std::path::Path;

/// Replaces the file at `path` whole: `fill` writes a new file at `temp`
/// (beside it), which is then renamed over it. On any failure the
/// temporary file is removed and `path` is left as it was.
pub fn replace_whole(
    path: &Path,
    temp: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let result = (create_temp(temp).and_then(|mut file| fill(&mut file)))
        .and_then(|()| fs::rename(temp, path));
    if result.is_err() {
        let _ = fs::remove_file(temp);
    }
    result
}

/// Creates a temporary file, replacing a leftover of a crash: only suivi
/// uses these names.
pub fn create_temp(temp: &Path) -> io::Result<fs::File> {
    match fs::remove_file(temp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)
}
