//! The guarantees of `repere-fs` on a real file system.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::Duration;

use repere_fs::{
    FileLock, Input, LockError, Overwrite, ReadErrorKind, SpecialKind, WriteErrorKind, read,
    remove_files_in_flight, write,
};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
    u32::from_str_radix(line.split_whitespace().nth(1).unwrap(), 8).unwrap()
}

/// The names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap();
    assert!(ok.success());
}

/// Runs `f` on a thread and fails the test if it takes more than five seconds.
fn within_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(5))
        .expect("the call hung")
}

#[test]
fn a_replaced_file_keeps_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    for m in [0o600, 0o640, 0o604, 0o755] {
        let p = dir.path().join(format!("f{m:o}"));
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)).unwrap();
        write(&p, b"new", Overwrite::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(mode(&p), m, "mode {m:o} kept");
    }
    assert_eq!(names(dir.path()).len(), 4, "no temporary file left");
}

#[test]
fn a_new_file_gets_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.md");
    write(&p, b"x", Overwrite::Never).unwrap();
    assert_eq!(mode(&p), 0o666 & !umask());
}

#[test]
fn never_overwrite_is_atomic_between_racing_writers() {
    for round in 0..20 {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let p = dir.path().join("report.html");
        let n = 6;
        let barrier = Arc::new(Barrier::new(n));
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let (p, barrier) = (p.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    write(&p, format!("writer {i}").as_bytes(), Overwrite::Never).map(|()| i)
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<usize> = results
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: exactly one writer wins: {results:?}"
        );
        for r in &results {
            if let Err(e) = r {
                assert!(matches!(e.kind, WriteErrorKind::Exists), "{e:?}");
            }
        }
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            format!("writer {}", winners[0]),
            "the file is the winner's"
        );
        assert_eq!(names(dir.path()), ["report.html"], "no temporary file left");
    }
}

#[test]
fn a_symlink_at_the_target_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let p = dir.path().join("out.md");
    std::os::unix::fs::symlink(&victim, &p).unwrap();
    let e = write(&p, b"x", Overwrite::Never).unwrap_err();
    assert!(matches!(e.kind, WriteErrorKind::Exists));
    write(&p, b"report", Overwrite::Replace).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !std::fs::symlink_metadata(&p)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "report");
}

#[test]
fn special_targets_are_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let f2 = fifo.clone();
    let e = within_seconds(move || write(&f2, b"x", Overwrite::Replace)).unwrap_err();
    assert!(
        matches!(e.kind, WriteErrorKind::NotRegular(SpecialKind::Fifo)),
        "{e:?}"
    );
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );
    let e = write(dir.path(), b"x", Overwrite::Replace).unwrap_err();
    assert!(matches!(e.kind, WriteErrorKind::Directory), "{e:?}");
    let e = write(Path::new("/dev/null"), b"x", Overwrite::Replace).unwrap_err();
    assert!(
        matches!(e.kind, WriteErrorKind::NotRegular(SpecialKind::CharDevice)),
        "{e:?}"
    );
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt as _;
        self.is_fifo()
    }
}

#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    for p in [fifo, link] {
        let e = within_seconds(move || read(&Input::Path(p), 1 << 20)).unwrap_err();
        assert!(
            matches!(e.kind, ReadErrorKind::NotRegular(SpecialKind::Fifo)),
            "{e:?}"
        );
        assert!(e.to_string().contains("named pipe"), "{e}");
    }
}

#[test]
fn devices_are_refused_through_links() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let e = within_seconds(move || read(&Input::Path(link), 1 << 20)).unwrap_err();
    assert!(
        matches!(e.kind, ReadErrorKind::NotRegular(SpecialKind::CharDevice)),
        "{e:?}"
    );
}

#[test]
fn a_held_lock_names_its_holder_and_in_flight_files_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.toml");
    let held = FileLock::acquire(&target, "repere fill").unwrap();
    let e = FileLock::acquire(&target, "repere fill").unwrap_err();
    match &e {
        LockError::Held {
            holder: Some(h), ..
        } => {
            assert_eq!(h.pid, std::process::id());
            assert_eq!(h.purpose, "repere fill");
        }
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(
        msg.contains("is being written by another process") && msg.contains("process "),
        "{msg}"
    );
    assert!(held.lock_file().exists());
    // What a signal handler does leaves a held lock alone: removing its file while the
    // interrupted command may still write would let another writer in.
    remove_files_in_flight();
    assert!(held.lock_file().exists());
    drop(held);
    assert_eq!(names(dir.path()), Vec::<String>::new());
}

#[test]
fn a_lock_file_left_behind_is_taken_over_and_a_hard_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.toml");
    // Left by a process that died: no one holds it.
    std::fs::write(
        dir.path().join(".a.toml.lock"),
        "pid=1\npurpose=repere fill\n",
    )
    .unwrap();
    let lock = FileLock::acquire(&target, "repere fill").unwrap();
    drop(lock);
    assert_eq!(names(dir.path()), Vec::<String>::new());
    // A hard link to a precious file planted at the lock file's name is not written through.
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "keep").unwrap();
    std::fs::hard_link(&precious, dir.path().join(".a.toml.lock")).unwrap();
    let e = FileLock::acquire(&target, "repere fill").unwrap_err();
    assert!(matches!(e, LockError::Unsafe { .. }), "{e:?}");
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep");
}
