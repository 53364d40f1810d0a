//! Files written so that a crash or a full disk never leaves half of one:
//! a file is written aside and renamed into place, a folder is built aside
//! and swapped in. A leaf: imports nothing of the crate.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// An I/O error with the path it happened at. It says both in its message
/// and names no further source, so an error chain printed link by link
/// (`{:#}`) says the cause once.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    pub source: io::Error,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for FileError {}

/// For callers that speak `io::Result`: the kind stays, the path goes into
/// the message.
impl From<FileError> for io::Error {
    fn from(e: FileError) -> io::Error {
        io::Error::new(e.source.kind(), e)
    }
}

/// Attaches `path` to an I/O error: `.map_err(at(&path))`.
pub fn at(path: &Path) -> impl FnOnce(io::Error) -> FileError + '_ {
    move |source| FileError {
        path: path.to_path_buf(),
        source,
    }
}

/// The folder a file is written into; `.` for a bare file name.
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `path` through `write`, aside first and renamed into place: a
/// failed write leaves the old file (or none), never half a new one. The
/// file is readable by its owner only, as files with personal data must be.
/// An error of `write` comes back as it is; one of staging, flushing or
/// renaming as a [`FileError`].
pub fn write_atomically<E: From<FileError>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let mut staged = stage_file(path)?;
    {
        let mut out = io::BufWriter::new(staged.as_file_mut());
        write(&mut out)?;
        out.flush().map_err(at(path))?;
    }
    put_in_place(staged, path)?;
    Ok(())
}

/// A new, empty file beside `target` to write its replacement in, readable
/// by its owner only; removed when dropped unless it was put in place.
pub fn stage_file(target: &Path) -> Result<tempfile::NamedTempFile, FileError> {
    let dir = folder_of(target);
    // tempfile creates the file with mode 0600.
    tempfile::Builder::new()
        .prefix(&format!(".{}-", name_of(target, "file")))
        .tempfile_in(dir)
        .map_err(at(dir))
}

/// Replaces `target` with `staged`: its contents are synced to disk first,
/// then it is renamed over `target` in one step.
pub fn put_in_place(staged: tempfile::NamedTempFile, target: &Path) -> Result<(), FileError> {
    staged.as_file().sync_all().map_err(at(target))?;
    staged.persist(target).map_err(|e| FileError {
        path: target.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}

/// Creates `dir` and its missing parents, each new one open to its owner
/// only (0700): the folders rundbrief makes hold personal data or
/// unpublished issues. Folders that exist already keep their mode.
pub fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(at(dir))
}

/// Makes the folder `dir` open to its owner only (0700); for a staged
/// folder, which is created with the umask's mode.
pub fn make_private_dir(dir: &Path) -> Result<(), FileError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(at(dir))?;
    }
    Ok(())
}

/// Writes `bytes` to `path`, created readable by its owner only (0600)
/// whatever the umask, as files with personal data must be.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(at(path))?;
    file.write_all(bytes).map_err(at(path))
}

/// Creates `path` as an empty file readable by its owner only (0600) unless
/// it exists; one that does loses what others may do with it (`o-rwx`).
/// Group rights of an existing file are left alone: they are the staff's
/// own choice. SQLite creates a database's `-wal` and `-shm` files with the
/// mode of the database file, so this guards those too.
pub fn ensure_private_file(path: &Path) -> Result<(), FileError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(path)
                    .map_err(at(path))?
                    .permissions()
                    .mode();
                if mode & 0o007 != 0 {
                    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & !0o007))
                        .map_err(at(path))?;
                }
            }
            Ok(())
        }
        Err(e) => Err(at(path)(e)),
    }
}

/// The file name of `path` for a staged sibling's prefix.
fn name_of(path: &Path, fallback: &str) -> String {
    path.file_name()
        .map_or_else(|| fallback.into(), |n| n.to_string_lossy().into_owned())
}

/// A new, empty folder beside `target` to build its replacement in; removed
/// when dropped unless it was swapped in.
pub fn stage_folder(target: &Path) -> Result<tempfile::TempDir, FileError> {
    let parent = folder_of(target);
    std::fs::create_dir_all(parent).map_err(at(parent))?;
    tempfile::Builder::new()
        .prefix(&format!(".{}-", name_of(target, "folder")))
        .tempdir_in(parent)
        .map_err(at(parent))
}

/// Replaces `target` with `staged`: the old folder is moved aside first and
/// removed only once the new one is in place, so readers see the old one or
/// the new one, and a failed swap puts the old one back.
pub fn swap_in(staged: tempfile::TempDir, target: &Path) -> Result<(), FileError> {
    let old = target.with_extension(format!("old-{}", std::process::id()));
    let had_old = target.exists();
    if had_old {
        std::fs::rename(target, &old).map_err(at(target))?;
    }
    let staged = staged.keep();
    if let Err(source) = std::fs::rename(&staged, target) {
        if had_old {
            let _ = std::fs::rename(&old, target);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(FileError {
            path: target.to_path_buf(),
            source,
        });
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(at(&old))?;
    }
    Ok(())
}

/// A relative path with `.` and `..` resolved; `None` when it climbs above
/// its start or is absolute.
pub fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(name) => out.push(name),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_staged_in_its_own_folder() {
        assert_eq!(folder_of(Path::new("out/list.csv")), Path::new("out"));
        assert_eq!(folder_of(Path::new("list.csv")), Path::new("."));
    }

    #[test]
    fn normalise_refuses_to_climb_out() {
        let cases = [
            (
                "issues/2026-Q4/../2026-Q3/a.md",
                Some("issues/2026-Q3/a.md"),
            ),
            ("./a/./b", Some("a/b")),
            ("issues/../../etc/passwd", None),
            ("/etc/passwd", None),
            ("..", None),
        ];
        for (path, expected) in cases {
            assert_eq!(
                normalise(Path::new(path)),
                expected.map(PathBuf::from),
                "{path}"
            );
        }
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.csv");
        std::fs::write(&path, "old\n").unwrap();
        let failed = write_atomically(&path, |out| {
            out.write_all(b"new, half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no leftovers"
        );
        write_atomically(&path, |out| out.write_all(b"new\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[cfg(unix)]
    #[test]
    fn files_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        write_atomically(&path, |out| out.write_all(b"a@example.org\n")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    /// Issue 11, finding 4: a database made before the fix (0644, or 0666)
    /// loses what others may do with it; a group right the staff gave stays.
    #[cfg(unix)]
    #[test]
    fn a_private_file_is_made_or_closed_to_others() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let cases = [
            (None, 0o600),
            (Some(0o644), 0o640),
            (Some(0o666), 0o660),
            (Some(0o600), 0o600),
        ];
        for (i, (before, after)) in cases.into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.sqlite3"));
            if let Some(before) = before {
                std::fs::write(&path, "").unwrap();
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(before)).unwrap();
            }
            ensure_private_file(&path).unwrap();
            assert_eq!(mode(&path), after, "{before:?}");
        }
        let folder = dir.path().join("a/b");
        create_private_dir(&folder).unwrap();
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
    }

    #[test]
    fn a_file_staged_by_path_replaces_the_target_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("copy.sqlite3");
        std::fs::write(&target, "old").unwrap();
        let dropped = stage_file(&target).unwrap();
        std::fs::write(dropped.path(), "half").unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        let staged = stage_file(&target).unwrap();
        // Written by another library through the path, as SQLite's backup does.
        std::fs::write(staged.path(), "new").unwrap();
        put_in_place(staged, &target).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_swap_replaces_the_folder_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        let staged = stage_folder(&target).unwrap();
        std::fs::write(staged.path().join("new.html"), "new").unwrap();
        swap_in(staged, &target).unwrap();
        assert!(target.join("new.html").exists());
        assert!(!target.join("old.html").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            names.len(),
            1,
            "neither the staged nor the old folder remains"
        );
    }
}
