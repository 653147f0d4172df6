//! Renders `BENCHMARKS.md` from the results of a run.

mod format;
mod rows;

use std::fmt::Write as _;

use ingot_runtime::json::Value;

use format::number;
use rows::Row;

/// Returns the whole Markdown document.
pub fn render(results: &Value) -> String {
    let rows = rows::all(results);
    let mut out = String::new();
    header(results, &mut out);
    table(&rows, &mut out);
    behind(&rows, &mut out);
    breakdown(results, &mut out);
    wire(results, &mut out);
    method(results, &mut out);
    failures(results, &mut out);
    out
}

fn text<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .try_fold(value, |current, key| current.get(*key))
        .and_then(Value::as_str)
        .unwrap_or("unknown")
}

fn header(results: &Value, out: &mut String) {
    let versions = &results["versions"];
    let machine = &results["machine"];

    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(
        out,
        "ingot's generated Entity Resolution client beside the official `aws-sdk-entityresolution` {}, \
         measured in the same run on the same machine. This file is written by `cargo xtask bench`; \
         rerun it rather than editing the figures. Every ratio is ingot / official, so below 1 means ingot is \
         ahead, except for calls per second, where above 1 does.\n",
        text(versions, &["aws-sdk-entityresolution"])
    );
    if results["quick"].as_bool() == Some(true) {
        let _ = writeln!(
            out,
            "**This is a `--quick` run: few calls, short criterion runs and builds that may reuse an old \
             target folder. Its figures only show that the suite works.**\n"
        );
    }

    let steps = load_range(results["load_average"].as_array().map(|samples| {
        samples
            .iter()
            .filter_map(|sample| sample["one_minute"].as_f64())
            .collect()
    }));
    // The per-call benchmark samples `/proc/loadavg` itself, as text.
    let calls = load_range(results["calls"]["load_average"].as_array().map(|samples| {
        samples
            .iter()
            .filter_map(|sample| sample.as_str()?.split_whitespace().next()?.parse().ok())
            .collect()
    }));

    let _ = writeln!(out, "| run | |\n| --- | --- |");
    let _ = writeln!(out, "| command | `{}` |", text(results, &["command"]));
    let _ = writeln!(
        out,
        "| started, finished (UTC) | {}, {} |",
        text(results, &["started"]),
        text(results, &["finished"])
    );
    let _ = writeln!(
        out,
        "| machine | {}, {} cores, {} GiB memory, Linux {} |",
        text(machine, &["cpu"]),
        number(machine, &["cores"]).unwrap_or(0.0),
        number(machine, &["memory_gib"]).unwrap_or(0.0),
        text(machine, &["kernel"])
    );
    if let Some((low, high)) = steps {
        let _ = writeln!(
            out,
            "| load average (1 minute), after each step | {low:.2} to {high:.2}; the builds alone keep both cores \
             busy, so above 2 other work shared the machine. Samples per step are in `target/bench/results.json` |"
        );
    }
    if let Some((low, high)) = calls {
        let _ = writeln!(
            out,
            "| load average (1 minute) during the per-call benchmark | {low:.2} to {high:.2} |"
        );
    }
    let _ = writeln!(out, "| toolchain | {} |", text(versions, &["rustc"]));
    let _ = writeln!(
        out,
        "| compared with | aws-sdk-entityresolution {}, aws-config {}, aws-sigv4 {}, aws-smithy-runtime {}; floor: hyper {} |\n",
        text(versions, &["aws-sdk-entityresolution"]),
        text(versions, &["aws-config"]),
        text(versions, &["aws-sigv4"]),
        text(versions, &["aws-smithy-runtime"]),
        text(versions, &["hyper"])
    );
}

/// Returns the lowest and highest of `samples`, when there are any.
fn load_range(samples: Option<Vec<f64>>) -> Option<(f64, f64)> {
    let samples = samples.filter(|s| !s.is_empty())?;
    let low = samples.iter().copied().fold(f64::INFINITY, f64::min);
    let high = samples.iter().copied().fold(0.0, f64::max);
    Some((low, high))
}

fn table(rows: &[Row], out: &mut String) {
    let _ = writeln!(out, "## Results\n");
    let _ = writeln!(out, "| # | figure | ingot | official | floor | ingot / official | ingot / floor | target | met |");
    let _ = writeln!(
        out,
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |"
    );
    for row in rows {
        let cell = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
        let ratio = |value: Option<f64>| value.map(format::ratio).unwrap_or_else(|| "—".into());
        let (target, met) = match &row.target {
            Some(target) => (
                target.text.to_string(),
                if target.met { "yes" } else { "**no**" }.to_string(),
            ),
            None => ("—".into(), "—".into()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.item,
            row.figure,
            cell(&row.ingot),
            cell(&row.official),
            cell(&row.floor),
            ratio(row.ratio),
            ratio(row.floor_ratio),
            target,
            met
        );
    }
    let _ = writeln!(out);
}

fn behind(rows: &[Row], out: &mut String) {
    let _ = writeln!(out, "## Where ingot is not ahead or misses a target\n");
    let mut any = false;
    for row in rows {
        let missed = row.target.as_ref().is_some_and(|t| !t.met);
        if !row.ingot_behind() && !missed {
            continue;
        }
        any = true;
        let mut line = format!(
            "- {}: ingot {}",
            row.figure,
            row.ingot.clone().unwrap_or_default()
        );
        if let Some(official) = &row.official {
            let _ = write!(line, ", official {official}");
        }
        if let Some(floor) = &row.floor {
            let _ = write!(line, ", floor {floor}");
        }
        if row.ingot_behind() {
            line.push_str("; ingot is not ahead of the official SDK here");
        }
        if let Some(target) = row.target.as_ref().filter(|t| !t.met) {
            let _ = write!(line, "; the target ({}) is missed", target.text);
        }
        let _ = writeln!(out, "{line}.");
    }
    if any {
        let _ = writeln!(
            out,
            "\nThe next section splits a call into its parts, to show where the time goes."
        );
    } else {
        let _ = writeln!(
            out,
            "ingot is ahead on every figure and meets every target in this run."
        );
    }
    let _ = writeln!(out);
}

/// Splits the per-call time into the parts the criterion benchmarks
/// measure on their own.
fn breakdown(results: &Value, out: &mut String) {
    let criterion = &results["criterion"];
    let _ = writeln!(out, "## Where the time of a call goes\n");
    let _ = writeln!(
        out,
        "Medians from the criterion benchmarks, per client. \"Other client work\" is the in-memory call minus \
         signing, serialization and parsing: building the input, endpoint resolution, credentials, the retry \
         and interceptor machinery, and the client's own allocations. \"Network and HTTP stack\" is the loopback \
         call (one at a time) minus the in-memory call.\n"
    );
    let _ = writeln!(out, "| part | ingot | official |\n| --- | ---: | ---: |");
    let parts = [
        ("signing", "SigV4 signing"),
        ("serialize", "serialization"),
        ("parse", "parsing"),
    ];
    let mut sums = [0.0f64; 2];
    for (group, label) in parts {
        let values: Vec<Option<f64>> = ["ingot", "official"]
            .iter()
            .map(|c| number(criterion, &[group, c, "median_ns"]))
            .collect();
        for (sum, value) in sums.iter_mut().zip(&values) {
            *sum += value.unwrap_or(0.0);
        }
        let _ = writeln!(
            out,
            "| {label} | {} | {} |",
            show(values[0]),
            show(values[1])
        );
        if group == "parse" {
            let tree = number(criterion, &["parse", "ingot_json_tree", "median_ns"]);
            let _ = writeln!(
                out,
                "| of which building the `serde_json::Value` tree (`json::parse`) | {} | — |",
                show(tree)
            );
        }
    }
    let whole: Vec<Option<f64>> = ["ingot", "official"]
        .iter()
        .map(|c| number(criterion, &["call_in_memory", c, "median_ns"]))
        .collect();
    let other: Vec<Option<f64>> = whole
        .iter()
        .zip(sums)
        .map(|(w, s)| w.map(|w| w - s))
        .collect();
    let _ = writeln!(
        out,
        "| other client work | {} | {} |",
        show(other[0]),
        show(other[1])
    );
    let _ = writeln!(
        out,
        "| **whole call, in-memory transport** | {} | {} |",
        show(whole[0]),
        show(whole[1])
    );
    let loopback: Vec<Option<f64>> = ["ingot", "official"]
        .iter()
        .map(|c| number(results, &["calls", "sequential", c, "median_ns"]))
        .collect();
    let network: Vec<Option<f64>> = loopback
        .iter()
        .zip(&whole)
        .map(|(l, w)| l.zip(*w).map(|(l, w)| l - w))
        .collect();
    let _ = writeln!(
        out,
        "| network and HTTP stack | {} | {} |",
        show(network[0]),
        show(network[1])
    );
    let _ = writeln!(
        out,
        "| **whole call over loopback HTTP** | {} | {} |",
        show(loopback[0]),
        show(loopback[1])
    );
    if let Some(floor) = number(results, &["calls", "sequential", "floor", "median_ns"]) {
        let _ = writeln!(
            out,
            "\nThe floor, a bare hyper client replaying ingot's request bytes, takes {} per call over the same \
             loopback connection; the rest of a client's call is its own work.",
            format::duration_ns(floor)
        );
        if let (Some(ingot), Some(in_memory)) = (loopback[0], whole[0]) {
            let above_floor = ingot - floor;
            let _ = writeln!(
                out,
                "ingot's call takes {} more than the floor. The client work measured with the in-memory \
                 transport explains {} of that; the remaining {} is spent outside the parts measured \
                 here, around the same hyper client, and has not been profiled further.",
                format::duration_ns(above_floor),
                format::duration_ns(in_memory.min(above_floor)),
                format::duration_ns((above_floor - in_memory).max(0.0))
            );
        }
    }
    let _ = writeln!(out);
}

fn show(value: Option<f64>) -> String {
    value.map(format::duration_ns).unwrap_or_else(|| "—".into())
}

/// Compares the requests that the two clients sent to the loopback server.
fn wire(results: &Value, out: &mut String) {
    let wire = &results["calls"]["wire"];
    let (Some(ingot), Some(official)) = (wire.get("ingot"), wire.get("official")) else {
        return;
    };
    let _ = writeln!(out, "## What each client sent\n");
    let same = |key: &str| {
        if ingot[key] == official[key] {
            "the same"
        } else {
            "**different**"
        }
    };
    let _ = writeln!(
        out,
        "One StartIdMappingJob request of each client, as the loopback server received it. Method: {}. Path: {} \
         (`{}`). JSON body: {} (compared as JSON values).\n",
        same("method"),
        same("path"),
        text(ingot, &["path"]),
        same("body")
    );
    let headers = |request: &Value| -> Vec<(String, String)> {
        request["headers"]
            .as_array()
            .map(|list| {
                list.iter()
                    .map(|pair| {
                        (
                            pair[0].as_str().unwrap_or("").to_string(),
                            pair[1].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let ingot_headers = headers(ingot);
    let official_headers = headers(official);
    let mut names: Vec<&str> = ingot_headers
        .iter()
        .chain(&official_headers)
        .map(|(n, _)| n.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let _ = writeln!(out, "| header | ingot | official |\n| --- | --- | --- |");
    for name in names {
        let value = |list: &[(String, String)]| {
            list.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| header_cell(name, v))
                .unwrap_or_else(|| "—".into())
        };
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} |",
            value(&ingot_headers),
            value(&official_headers)
        );
    }
    let _ = writeln!(out);
}

/// Shows a header value in a table cell; for `authorization`, only the
/// signed-header list, since the signature differs with every request.
fn header_cell(name: &str, value: &str) -> String {
    let shown = if name == "authorization" {
        value
            .split(", ")
            .find(|part| part.starts_with("SignedHeaders="))
            .unwrap_or(value)
            .to_string()
    } else if matches!(name, "x-amz-date" | "amz-sdk-invocation-id") {
        "(varies)".to_string()
    } else {
        value.to_string()
    };
    format!("`{}`", shown.replace('|', "\\|"))
}

fn method(results: &Value, out: &mut String) {
    let settings = &results["calls"]["settings"];
    let calls = number(settings, &["calls"]).unwrap_or(0.0);
    let rounds = number(settings, &["rounds"]).unwrap_or(0.0);
    let concurrent = number(settings, &["concurrent_calls"]).unwrap_or(0.0);
    let concurrency = number(settings, &["concurrency"]).unwrap_or(0.0);
    let _ = writeln!(out, "## How each figure is measured\n");
    let _ = writeln!(
        out,
        "The suite is the separate workspace `bench/` with its own `Cargo.lock`, built in release mode; the \
         product's lock file does not contain the official SDK.\n\n\
         1. **Per-call overhead** (`bench/src/bin/calls.rs`): an HTTP/1.1 server on 127.0.0.1 runs on its own \
         thread and current-thread tokio runtime; the clients run on a current-thread runtime on the main thread, \
         so on 2 cores each side has one. All clients use the same endpoint, region (`us-east-1`) and static \
         credentials, and every other setting at its default (the official client with \
         `BehaviorVersion::latest()`). Each call builds the input, sends it, and checks the job id in the \
         response. After a warm-up, each of {rounds:.0} rounds makes {calls:.0} sequential calls per client and \
         then {concurrent:.0} calls spread over {concurrency:.0} concurrent tasks, with the order of the clients \
         rotated per round. Latency is per call; p99 is the nearest-rank 99th percentile of all calls. The floor \
         is a hyper-util client that replays the bytes of ingot's request, signature included, and reads the \
         whole response without parsing it.\n\
         2. **Signing** (`bench/benches/signing.rs`, criterion): ingot's `sigv4::sign` against `aws-sigv4`'s \
         `http_request::sign` plus applying its instructions, both from the same unsigned `http::Request` at the \
         same time; the benchmark first checks that both produce the same `Authorization` header.\n\
         3. **Serialization and parsing** (`bench/benches/serde.rs`, criterion): the official operation's own \
         serializer and deserializer, taken from its runtime plugin. ingot's generated functions are private, so \
         the benchmark repeats their steps through the same public runtime calls, after checking that the result \
         equals the request the real client sends. The whole call with an in-memory transport \
         (`bench/benches/call.rs`) covers the generated code itself.\n\
         4. **Builds** (`bench/programs/ingot`, `bench/programs/official`): each program makes one call with \
         configuration from the environment (`Client::from_env()` against `aws_config::load_defaults`). Each is \
         built with `cargo build --release --locked --offline` in its own new target folder under \
         `target/bench/`, after `cargo fetch`, so the time is compile time only. The release profile is Cargo's \
         default (opt-level 3, no LTO, debug info stripped). The rebuild follows a change of `main.rs`'s \
         modification time. Each built program then runs once against the loopback server with an empty \
         environment apart from the region, keys and endpoint.\n\
         5. **Code generation**: `cargo xtask codegen --model FILE --out DIR` and `cargo xtask corpus`, run by \
         the same xtask binary (the workspace's dev profile, which optimises the generator's hot crates) under \
         `bench/src/bin/measure.rs`, which reports wall time and the peak resident set size from `getrusage`. \
         Without `--quick`, the median of three runs.\n\
         6. **Lines**: `.rs` files under the generated crate's `src/` and under the official crate's `src/`.\n"
    );
    let _ = writeln!(
        out,
        "Raw results: `target/bench/results.json` (this run), `target/bench/calls.json`, \
         `target/bench/criterion/` and `target/bench/criterion.txt`.\n"
    );
}

fn failures(results: &Value, out: &mut String) {
    let Some(failures) = results["failures"].as_array().filter(|f| !f.is_empty()) else {
        return;
    };
    let _ = writeln!(out, "## Failed steps\n");
    for failure in failures {
        let _ = writeln!(
            out,
            "- {}",
            failure
                .as_str()
                .unwrap_or_default()
                .lines()
                .next()
                .unwrap_or_default()
        );
    }
    let _ = writeln!(out);
}
