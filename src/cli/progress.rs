//! A progress bar on stderr for work that takes a while: shown only on a
//! terminal, and only once the work has run for a second, so quick runs
//! and pipes (CI logs, editors) see nothing.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::glossary::progress::LoadProgress;

/// How long work runs before its bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(1);
const TICK: Duration = Duration::from_millis(50);

/// Draws `progress` (files done of files known) from its own thread until
/// dropped; the work goes on in the caller's thread.
pub struct Bar {
    stop: Arc<AtomicBool>,
    drawer: Option<JoinHandle<()>>,
}

impl Bar {
    pub fn start(label: &str, progress: Arc<LoadProgress>) -> Bar {
        let stop = Arc::new(AtomicBool::new(false));
        let drawer = std::io::stderr().is_terminal().then(|| {
            let (stop, label) = (Arc::clone(&stop), label.to_string());
            std::thread::spawn(move || draw(&label, &progress, &stop))
        });
        Bar { stop, drawer }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

fn draw(label: &str, progress: &LoadProgress, stop: &AtomicBool) {
    let started = Instant::now();
    let mut bar: Option<ProgressBar> = None;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        if bar.is_none() && started.elapsed() >= SHOW_AFTER {
            bar = Some(new_bar(label));
        }
        if let Some(bar) = &bar {
            let (done, known) = progress.counts();
            bar.set_length(known as u64);
            bar.set_position(done as u64);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
}

fn new_bar(label: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} files ({eta} left)")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label.to_string());
    bar
}
