//! Shared pieces of the benchmarks: the request and response that every
//! client sends and receives, the loopback server, the three clients
//! (ingot, the official SDK and a bare hyper client), in-memory transports
//! and the statistics the binaries report.

pub mod clients;
pub mod fixture;
pub mod in_memory;
pub mod rusage;
pub mod server;
pub mod stats;
