//! Peak memory of child processes, from `getrusage(RUSAGE_CHILDREN)`.

/// Returns the largest maximum resident set size, in KiB, of the child
/// processes this process has waited for. On Linux `ru_maxrss` is in KiB.
///
/// Wait for exactly one child before calling it, so that the figure is
/// that child's.
pub fn children_max_rss_kib() -> std::io::Result<u64> {
    // SAFETY: getrusage writes into the zeroed struct it is given and
    // keeps no pointer to it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if status != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(u64::try_from(usage.ru_maxrss).unwrap_or(0))
}
