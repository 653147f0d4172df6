//! [`Input`]: reads choices, strings and an HTTP response from the bytes of
//! one fuzz input. Every read succeeds: past the end it returns zeros and
//! empty strings, so that every input is a valid test case.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};

/// Status codes that responses pick from: successes, the errors AWS
/// services return, and a few that no service should send.
const STATUSES: [u16; 16] = [
    200, 200, 201, 204, 206, 301, 400, 403, 404, 409, 413, 429, 500, 503, 100, 999,
];

/// The unread rest of a fuzz input.
pub struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    /// Reads one byte, or 0 at the end.
    pub fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    /// Reads a choice among `count` options, `count` > 0.
    pub fn choose(&mut self, count: usize) -> usize {
        usize::from(self.byte()) % count
    }

    /// Reads the bytes up to the next `separator`, consuming the separator,
    /// or everything left when there is none.
    pub fn until(&mut self, separator: &[u8]) -> &'a [u8] {
        let found = self
            .data
            .windows(separator.len())
            .position(|window| window == separator);
        match found {
            Some(at) => {
                let (taken, rest) = self.data.split_at(at);
                self.data = &rest[separator.len()..];
                taken
            }
            None => std::mem::take(&mut self.data),
        }
    }

    /// Reads the text up to the next NUL byte, replacing invalid UTF-8.
    pub fn text(&mut self) -> String {
        String::from_utf8_lossy(self.until(b"\0")).into_owned()
    }

    /// Returns everything left.
    pub fn rest(self) -> &'a [u8] {
        self.data
    }

    /// Reads a status, then header lines `name: value` up to an empty
    /// line, and takes everything after it as the body. Header lines that
    /// are not valid HTTP are skipped: the transport would never deliver
    /// them.
    pub fn response(mut self) -> ingot_runtime::Response {
        let status = self.status();
        let head = self.until(b"\n\n");
        let headers = headers(head);
        ingot_runtime::Response::new(status, headers, Bytes::copy_from_slice(self.rest()))
    }

    /// Reads a status: most inputs pick one of [`STATUSES`], a few spell
    /// any number.
    pub fn status(&mut self) -> u16 {
        let choice = self.byte();
        match STATUSES.get(usize::from(choice)) {
            Some(status) => *status,
            None => u16::from_be_bytes([self.byte(), self.byte()]),
        }
    }
}

/// Parses `name: value` lines, skipping lines that are not valid headers.
pub fn headers(head: &[u8]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for line in head.split(|byte| *byte == b'\n') {
        let Some(colon) = line.iter().position(|byte| *byte == b':') else {
            continue;
        };
        let name = HeaderName::from_bytes(line[..colon].trim_ascii());
        let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) = (name, value) {
            headers.append(name, value);
        }
    }
    headers
}
