//! Giving memory back to the system after a glossary is replaced.
//!
//! A reload builds the new glossary on blocking-pool threads, and glibc
//! gives each thread that allocates its own arena. When the old glossary is
//! dropped, its pages stay in those arenas, free but resident, and the next
//! reload builds in other pages still: the server grew by about one glossary
//! per reload. `malloc_trim(0)` hands every whole free page of every arena
//! back. Elsewhere (musl, macOS, Windows) the allocator decides alone.

/// Returns freed heap pages to the system, where the allocator allows it.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only walks the allocator's
    // own free lists, under the allocator's locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
