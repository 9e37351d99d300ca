//! Work split over the cores: how many to use, and running the parts.

/// The cores worth splitting work over (at most 8).
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
}

/// Runs every part on its own scoped thread and returns their results in
/// order. A panic in a part is the caller's own panic, not lost work.
pub fn run_parts<T: Send>(parts: Vec<impl FnOnce() -> T + Send>) -> Vec<T> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts.into_iter().map(|part| scope.spawn(part)).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
