//! Giving memory back to the system after a glossary is replaced.
//!
//! A reload builds the new glossary on blocking-pool threads, and the old
//! one is freed on another thread. Allocators keep such pages resident: the
//! binary's mimalloc until it is asked to collect (the server measured twice
//! its steady size after the first reload), glibc in its per-thread arenas
//! until `malloc_trim(0)`. The allocator is the binary's choice, so the
//! binary registers how to ask it ([`set_collector`]); without one, glibc is
//! trimmed where it serves. Elsewhere (musl, macOS, Windows) the allocator
//! decides alone.

use std::sync::OnceLock;

static COLLECTOR: OnceLock<fn()> = OnceLock::new();

/// Sets how the global allocator gives freed pages back; the first call wins.
pub fn set_collector(collect: fn()) {
    let _ = COLLECTOR.set(collect);
}

/// Returns freed heap pages to the system, where the allocator allows it.
pub fn release_freed() {
    if let Some(collect) = COLLECTOR.get() {
        collect();
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only walks the allocator's
    // own free lists, under the allocator's locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
