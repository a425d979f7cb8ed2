//! Writing output files safely: every file is written under a temporary name in its target
//! folder and renamed into place only when complete, so a failed or interrupted run never
//! leaves a half file and never damages the previous output.
//!
//! The files of one report are staged together ([`stage`]) and committed together
//! ([`Staged::commit`]): synced, then renamed in one step that an interruption cannot split, so
//! a report's outputs are either all new or all as they were. Staging is quick (the bytes go to
//! the page cache); the commit waits for the disk, so a batch commits on other threads while
//! its workers render the next reports.
//!
//! Temporary files are named `.gongwen-<pid>-<random>.tmp`. Every live one is registered, so
//! that a signal handler can remove them all ([`abandon`]); those of a run that was killed
//! outright are removed by the next run that writes into the folder, once their process is
//! gone ([`remove_stale`]).

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

const PREFIX: &str = ".gongwen-";
const SUFFIX: &str = ".tmp";

/// A temporary file of an older name (no process id) is taken as stale after this long.
const STALE_AGE: Duration = Duration::from_secs(24 * 3600);

/// The temporary files of this process that exist on disk, and whether the process is going
/// away (then no file is created or renamed any more).
struct Registry {
    live: BTreeSet<PathBuf>,
    closed: bool,
    /// Folders already cleared of stale temporary files by this process.
    swept: BTreeSet<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    live: BTreeSet::new(),
    closed: false,
    swept: BTreeSet::new(),
});

fn registry() -> MutexGuard<'static, Registry> {
    // A panic elsewhere while holding the lock leaves the set consistent: every change is
    // one insert or remove.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

fn interrupted() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "the run is being stopped")
}

struct StagedFile {
    temp: PathBuf,
    target: PathBuf,
    file: File,
}

/// The files of one report written under temporary names, not yet synced or in place.
/// Dropping it removes them.
pub struct Staged {
    files: Vec<StagedFile>,
}

/// A file that could not be written, and why.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

fn failed(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |error| WriteError {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes each `(path, bytes)` to a temporary file beside `path`. Nothing is synced or
/// renamed yet; on error, the files staged so far are removed.
pub fn stage(outputs: &[(PathBuf, &[u8])]) -> Result<Staged, WriteError> {
    let mut staged = Staged { files: Vec::new() };
    for (path, bytes) in outputs {
        let dir = folder_of(path);
        sweep_once(&dir);
        let (file, temp) = create_temp(&dir).map_err(failed(path))?;
        let written = (&file)
            .write_all(bytes)
            .and_then(|()| set_mode_like(&file, path));
        staged.files.push(StagedFile {
            temp,
            target: path.clone(),
            file,
        });
        written.map_err(failed(path))?;
    }
    Ok(staged)
}

impl Staged {
    /// The temporary files, for messages and tests.
    pub fn temporaries(&self) -> Vec<&Path> {
        self.files.iter().map(|f| f.temp.as_path()).collect()
    }

    /// Syncs every file, then renames all of them into place. The renames happen under the
    /// registry's lock, so an interruption sees either none or all of them done. Returns the
    /// folders written into, whose entries [`sync_folders`] makes durable.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, WriteError> {
        for f in &self.files {
            f.file.sync_all().map_err(failed(&f.target))?;
        }
        let mut reg = registry();
        let mut folders: Vec<PathBuf> = Vec::new();
        while let Some(f) = self.files.first() {
            if reg.closed {
                return Err(failed(&f.target)(interrupted()));
            }
            std::fs::rename(&f.temp, &f.target).map_err(failed(&f.target))?;
            reg.live.remove(&f.temp);
            let dir = folder_of(&f.target);
            if !folders.contains(&dir) {
                folders.push(dir);
            }
            self.files.remove(0);
        }
        Ok(folders)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        let mut reg = registry();
        for f in &self.files {
            let _ = std::fs::remove_file(&f.temp);
            reg.live.remove(&f.temp);
        }
    }
}

/// Makes the renames in these folders durable (a rename is an entry of its folder), where
/// the system allows: the files themselves are complete and in place already, so a folder
/// that cannot be synced (some network file systems refuse) is no failure.
pub fn sync_folders(folders: &[PathBuf]) {
    #[cfg(unix)]
    for dir in folders {
        let _ = File::open(dir).and_then(|f| f.sync_all());
    }
    #[cfg(not(unix))]
    let _ = folders;
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folders = stage(&[(path.to_path_buf(), bytes)])
        .and_then(Staged::commit)
        .map_err(|e| e.error)?;
    sync_folders(&folders);
    Ok(())
}

/// For a process that is about to exit on a signal: removes every temporary file and stops
/// any later one from being created or renamed. Returns how many were removed.
pub fn abandon() -> usize {
    let mut reg = registry();
    reg.closed = true;
    let mut removed = 0;
    for temp in std::mem::take(&mut reg.live) {
        if std::fs::remove_file(&temp).is_ok() {
            removed += 1;
        }
    }
    removed
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates and registers a temporary file in `dir`, in one step under the lock, so that a
/// signal never misses a file that exists.
fn create_temp(dir: &Path) -> std::io::Result<(File, PathBuf)> {
    let mut reg = registry();
    if reg.closed {
        return Err(interrupted());
    }
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{PREFIX}{}-", std::process::id()))
        .suffix(SUFFIX)
        .tempfile_in(dir)?;
    let (file, path) = tmp.keep().map_err(|e| e.error)?;
    reg.live.insert(path.clone());
    Ok((file, path))
}

/// A temporary file is private (0600); the output is a document to share like any other, and
/// a file written over keeps its mode.
fn set_mode_like(file: &File, path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

fn sweep_once(dir: &Path) {
    let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if registry().swept.insert(key) {
        remove_stale(dir);
    }
}

/// Removes the temporary files in `dir` left by runs that were killed: those whose process
/// has ended, and those of an older name older than a day. A live run's files are never
/// touched. Returns the files removed.
pub fn remove_stale(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|n| n.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let stale = match rest
            .split_once('-')
            .and_then(|(p, _)| p.parse::<u32>().ok())
        {
            Some(pid) => pid != std::process::id() && !process_alive(pid),
            None => older_than(&entry.path(), STALE_AGE),
        };
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

fn older_than(path: &Path, age: Duration) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|d| d > age)
}

/// Whether a process with this id runs. Where that cannot be told, it is taken as running:
/// a file kept too long costs nothing, a live run's file removed breaks that run.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// `input/report.yaml` + pdf → `DIR/report.pdf`
pub fn output_path(input: &Path, dir: &Path, extension: &str) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "report".into());
    let mut p = dir.join(stem);
    p.set_extension(extension);
    p
}

/// True when two paths name the same file (an output must never overwrite its input).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_set_is_in_place_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
        let staged = stage(&[(a.clone(), b"one".as_slice()), (b.clone(), b"two")]).unwrap();
        assert_eq!(staged.temporaries().len(), 2);
        for t in staged.temporaries() {
            let name = t.file_name().unwrap().to_str().unwrap();
            assert!(
                name.starts_with(&format!(".gongwen-{}-", std::process::id())),
                "{name}"
            );
            assert!(t.exists());
        }
        assert!(!a.exists(), "nothing is in place before the commit");
        sync_folders(&staged.commit().unwrap());
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_dropped_set_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let staged = stage(&[(dir.path().join("a.txt"), b"one".as_slice())]).unwrap();
        drop(staged);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn only_the_files_of_ended_processes_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        // No process id reaches 2^22 on Linux, so this one has ended.
        let dead = dir.path().join(".gongwen-999999999-abcdef.tmp");
        let alive = dir
            .path()
            .join(format!(".gongwen-{}-abcdef.tmp", std::process::id()));
        let other = dir.path().join(".other-1-abcdef.tmp");
        let recent_old_name = dir.path().join(".gongwen-Ab3xYz.tmp");
        for p in [&dead, &alive, &other, &recent_old_name] {
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(remove_stale(dir.path()), vec![dead.clone()]);
        assert!(!dead.exists());
        assert!(alive.exists() && other.exists() && recent_old_name.exists());
    }
}
