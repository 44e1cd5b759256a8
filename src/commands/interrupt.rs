//! Ctrl-C and SIGTERM: exit 130 at once, except inside an import's transaction, which stops between files and rolls back.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code of a run stopped by SIGINT (128 + 2, what shells report).
pub const EXIT_INTERRUPTED: u8 = 130;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// Set while a command checks [`interrupted`] itself (the import loop): the
/// first Ctrl-C then only asks it to stop, so the store's transaction is
/// rolled back cleanly; a second one exits at once.
static COOPERATIVE: AtomicBool = AtomicBool::new(false);

/// Installs the handler; without one (it failed), SIGINT kills the process
/// as usual, which SQLite survives as it survives a crash.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        let again = INTERRUPTED.swap(true, Ordering::SeqCst);
        if again || !COOPERATIVE.load(Ordering::SeqCst) {
            // Not eprintln: a closed stderr must not panic the handler.
            let _ = writeln!(std::io::stderr(), "\ninterrupted");
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// While the guard lives, Ctrl-C only sets the flag.
pub struct Cooperative;

impl Cooperative {
    pub fn begin() -> Cooperative {
        COOPERATIVE.store(true, Ordering::SeqCst);
        Cooperative
    }
}

impl Drop for Cooperative {
    fn drop(&mut self) {
        COOPERATIVE.store(false, Ordering::SeqCst);
    }
}
