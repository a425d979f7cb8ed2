//! SIGINT, SIGTERM and SIGHUP end a run the way the shell expects (exit 128 + the signal:
//! 130, 143, 129) after removing every temporary file; a report whose files were being put in
//! place is left with all of them new or all of them as they were (see `gongwen::output`).

use std::io::Write;

use gongwen::diag::Lang;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Handles the signals on a thread of their own for the rest of the run. If the handler
/// cannot be installed, the signals keep their default action: the run stops at once, and
/// the next run in the folder removes what it left.
pub fn install(lang: Lang) {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let removed = gongwen::output::abandon();
                let name = match signal {
                    SIGINT => "SIGINT",
                    SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                };
                let _ = writeln!(
                    std::io::stderr(),
                    "{}",
                    match lang {
                        Lang::Zh => format!("收到 {name}，已停止；删除了 {removed} 个临时文件"),
                        Lang::En => format!("stopped by {name}; {removed} temporary files removed"),
                    }
                );
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}
