//! Atomic replacement of an export folder: the new set is written into a
//! folder beside `--out` and swapped in by one atomic exchange (Linux), so a
//! killed export, a full disk or a failed write leaves the previous set
//! whole, never a mix of old and new files. Where the exchange is not
//! available, two renames do it (killed between them, no set until the
//! next export restores the old one).
//!
//! Files in `--out` that koryu does not write (a user's notes) are carried
//! over into the new folder as hard links (a copy where links fail).

use anyhow::{bail, Context as _};
use std::path::{Path, PathBuf};

/// The staging folder of one export and the folder it will replace.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    staging: PathBuf,
    done: bool,
}

impl Staging {
    /// Checks `target` (an existing directory, or a path whose parent can
    /// hold one), restores or clears what an interrupted export left beside
    /// it, and creates the staging folder.
    ///
    /// # Errors
    /// `target` is a file, or the parent folder cannot be created or written.
    pub fn begin(target: &Path) -> anyhow::Result<Staging> {
        let shown = target.display();
        if target.exists() && !target.is_dir() {
            bail!("cannot export into {shown}: it is a file, not a directory; give --out a directory");
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // The folder is swapped in whole, so it needs a name of its own
        // (`.` would swap out the folder the shell stands in).
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .with_context(|| format!("cannot export into {shown}: give --out a named folder such as ./export"))?
            .to_owned();
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create the output directory {}", parent.display()))?;
        recover(&parent, &name, target)?;
        let staging = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("cannot clear the staging folder {}", staging.display()))?;
        }
        std::fs::create_dir(&staging).with_context(|| {
            format!("cannot export into {shown}: cannot create the staging folder {}", staging.display())
        })?;
        Ok(Staging { target: target.to_path_buf(), staging, done: false })
    }

    /// Where the file `name` of the new set is written now.
    pub fn path(&self, name: &str) -> PathBuf {
        self.staging.join(name)
    }

    /// Where the file `name` will be once the set is in place (for messages).
    pub fn final_path(&self, name: &str) -> PathBuf {
        self.target.join(name)
    }

    /// Carries the previous folder's other files over, syncs the new set to
    /// disk and swaps it in.
    ///
    /// # Errors
    /// A file cannot be carried over or a rename fails (the previous set
    /// then stays in place).
    pub fn commit(mut self) -> anyhow::Result<()> {
        if self.target.is_dir() {
            carry_over(&self.target, &self.staging, 0)?;
        }
        for entry in std::fs::read_dir(&self.staging)? {
            let path = entry?.path();
            std::fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("cannot write {} to disk", path.display()))?;
        }
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().and_then(|n| n.to_str()).unwrap_or("export"),
            std::process::id()
        ));
        let had_old = self.target.is_dir();
        // One atomic exchange where the kernel has it: at no moment is the
        // folder missing.
        if had_old && exchange(&self.staging, &self.target) {
            self.done = true;
            let _ = std::fs::remove_dir_all(&self.staging);
            return Ok(());
        }
        if had_old {
            std::fs::rename(&self.target, &old)
                .with_context(|| format!("cannot move the previous export {} aside", self.target.display()))?;
        }
        if let Err(err) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(err).with_context(|| format!("cannot move the new export into {}", self.target.display()));
        }
        self.done = true;
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

/// Swaps the folders `a` and `b` in one step (Linux `renameat2` with
/// `RENAME_EXCHANGE`); false where the kernel or file system cannot, and
/// the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    rustix::fs::renameat_with(rustix::fs::CWD, a, rustix::fs::CWD, b, rustix::fs::RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// Deepest folder nesting carried over from a previous export.
const MAX_CARRY_DEPTH: usize = 32;

/// Links (or copies) every file of `from` that the new set does not
/// replace into `to`, folders recreated, symbolic links kept as links.
fn carry_over(from: &Path, to: &Path, depth: usize) -> anyhow::Result<()> {
    if depth > MAX_CARRY_DEPTH {
        bail!("cannot carry {} over: folders nest deeper than {MAX_CARRY_DEPTH}", from.display());
    }
    for entry in
        std::fs::read_dir(from).with_context(|| format!("cannot read the previous export {}", from.display()))?
    {
        let entry = entry?;
        let (old, new) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            std::fs::create_dir_all(&new).with_context(|| format!("cannot carry {} over", old.display()))?;
            carry_over(&old, &new, depth + 1)?;
        } else if new.symlink_metadata().is_ok() {
            // Written by this export: the new file wins.
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(&old)?, &new)
                .with_context(|| format!("cannot carry {} over", old.display()))?;
        } else if std::fs::hard_link(&old, &new).is_err() {
            std::fs::copy(&old, &new).with_context(|| format!("cannot carry {} over", old.display()))?;
        }
    }
    Ok(())
}

impl Drop for Staging {
    /// A failed export removes its half-written set.
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// What a killed export left beside `target` (`.NAME.tmp-PID` folders of
/// exports no longer running; a `.NAME.old-PID` folder when the kill came
/// between the two renames): the old set goes back where it was, the rest
/// is removed.
fn recover(parent: &Path, name: &str, target: &Path) -> anyhow::Result<()> {
    let tmp_prefix = format!(".{name}.tmp-");
    let old_prefix = format!(".{name}.old-");
    let Ok(entries) = std::fs::read_dir(parent) else { return Ok(()) };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let pid = file_name.strip_prefix(&tmp_prefix).or_else(|| file_name.strip_prefix(&old_prefix));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && running(pid) {
            continue;
        }
        if file_name.starts_with(&old_prefix) && !target.exists() {
            std::fs::rename(entry.path(), target)
                .with_context(|| format!("cannot restore the previous export {}", target.display()))?;
        } else {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    Ok(())
}

/// Whether process `pid` runs (where /proc tells; elsewhere assume so and
/// leave its folders alone).
fn running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}
