//! The rows of the results table, one per figure, computed from
//! `results.json`.

use ingot_runtime::json::Value;

use super::format::{self, number};

/// A target from the issue that a figure is reported against.
pub struct Target {
    pub text: &'static str,
    pub met: bool,
}

/// One figure of the results table.
pub struct Row {
    pub item: &'static str,
    pub figure: String,
    pub ingot: Option<String>,
    pub official: Option<String>,
    pub floor: Option<String>,
    /// ingot / official; for throughput, higher is better.
    pub ratio: Option<f64>,
    pub floor_ratio: Option<f64>,
    /// Whether a lower ratio is better (times, sizes, lines).
    pub lower_is_better: bool,
    pub target: Option<Target>,
}

impl Row {
    fn new(item: &'static str, figure: impl Into<String>) -> Row {
        Row {
            item,
            figure: figure.into(),
            ingot: None,
            official: None,
            floor: None,
            ratio: None,
            floor_ratio: None,
            lower_is_better: true,
            target: None,
        }
    }

    /// Returns whether ingot is behind the official SDK on this figure.
    pub fn ingot_behind(&self) -> bool {
        match self.ratio {
            Some(ratio) if self.lower_is_better => ratio >= 1.0,
            Some(ratio) => ratio <= 1.0,
            None => false,
        }
    }
}

/// Returns every row that the results have figures for.
pub fn all(results: &Value) -> Vec<Row> {
    let mut rows = Vec::new();
    calls(results, &mut rows);
    criterion(results, &mut rows);
    builds(results, &mut rows);
    codegen(results, &mut rows);
    lines(results, &mut rows);
    rows
}

/// Builds a row that compares the times, in nanoseconds, at key `stat`
/// under each client's key in `base`.
fn timed_row(
    item: &'static str,
    figure: String,
    base: &Value,
    stat: &str,
    with_floor: bool,
) -> Option<Row> {
    let ingot = number(base, &["ingot", stat])?;
    let official = number(base, &["official", stat]);
    let floor = if with_floor {
        number(base, &["floor", stat])
    } else {
        None
    };
    let mut row = Row::new(item, figure);
    row.ingot = Some(format::duration_ns(ingot));
    row.official = official.map(format::duration_ns);
    row.floor = floor.map(format::duration_ns);
    row.ratio = official.map(|o| ingot / o);
    row.floor_ratio = floor.map(|f| ingot / f);
    Some(row)
}

fn calls(results: &Value, rows: &mut Vec<Row>) {
    let concurrency = number(results, &["calls", "settings", "concurrency"]).unwrap_or(64.0);
    let modes = [
        ("sequential", "one call at a time".to_string()),
        ("concurrent", format!("{concurrency:.0} concurrent tasks")),
    ];
    for (mode, label) in &modes {
        let base = &results["calls"][*mode];
        for (stat, stat_label) in [("median_ns", "median"), ("p99_ns", "p99")] {
            let figure =
                format!("StartIdMappingJob over loopback HTTP, {label}, {stat_label} per call");
            if let Some(mut row) = timed_row("1", figure, base, stat, true) {
                let met = row.ratio.is_some_and(|r| r <= 0.5)
                    && row.floor_ratio.is_some_and(|r| r <= 1.3);
                row.target = Some(Target {
                    text: "≤ 0.50× official, ≤ 1.30× floor",
                    met,
                });
                rows.push(row);
            }
        }
        if *mode == "concurrent" {
            if let Some(ingot) = number(base, &["ingot", "calls_per_second"]) {
                let official = number(base, &["official", "calls_per_second"]);
                let floor = number(base, &["floor", "calls_per_second"]);
                let mut row = Row::new("1", format!("StartIdMappingJob over loopback HTTP, {label}, calls per second (higher is better)"));
                row.ingot = Some(format::count(ingot));
                row.official = official.map(format::count);
                row.floor = floor.map(format::count);
                row.ratio = official.map(|o| ingot / o);
                row.floor_ratio = floor.map(|f| ingot / f);
                row.lower_is_better = false;
                rows.push(row);
            }
        }
    }
}

fn criterion(results: &Value, rows: &mut Vec<Row>) {
    let groups: [(&str, &str, &str, Option<f64>); 4] = [
        (
            "1",
            "call_in_memory",
            "StartIdMappingJob with an in-memory transport (the client's own work), median",
            None,
        ),
        (
            "2",
            "signing",
            "SigV4 signing of the same request, median",
            Some(0.5),
        ),
        (
            "3",
            "serialize",
            "Serialize the StartIdMappingJob input into a request, median",
            None,
        ),
        (
            "3",
            "parse",
            "Parse the StartIdMappingJob response into the output, median",
            None,
        ),
    ];
    for (item, group, figure, target) in groups {
        if let Some(mut row) = timed_row(
            item,
            figure.to_string(),
            &results["criterion"][group],
            "median_ns",
            false,
        ) {
            if let Some(limit) = target {
                row.target = Some(Target {
                    text: "≤ 0.50× official",
                    met: row.ratio.is_some_and(|r| r <= limit),
                });
            }
            rows.push(row);
        }
    }
}

/// A build figure: its label, its key under each program's results, how to
/// show it, and its target as text and the highest ratio that meets it.
type BuildFigure = (
    String,
    &'static str,
    fn(f64) -> String,
    Option<(&'static str, f64)>,
);

fn builds(results: &Value, rows: &mut Vec<Row>) {
    let builds = &results["builds"];
    if builds.get("ingot").is_none() {
        return;
    }
    let clean = builds["ingot"]["clean"].as_bool() == Some(true)
        && builds["official"]["clean"].as_bool() == Some(true);
    let build_label = if clean {
        "Clean release build of the one-call program".to_string()
    } else {
        "Release build of the one-call program (not clean: --quick reused the target folder)"
            .to_string()
    };
    let specs: [BuildFigure; 6] = [
        (
            build_label,
            "build_s",
            format::seconds,
            Some(("≤ 0.35× official", 0.35)),
        ),
        (
            "Rebuild after touching main.rs".into(),
            "rebuild_s",
            format::seconds,
            None,
        ),
        (
            "Binary size, release profile as built".into(),
            "binary_bytes",
            format::bytes,
            Some(("≤ 0.35× official", 0.35)),
        ),
        (
            "Binary size after strip --strip-all".into(),
            "stripped_bytes",
            format::bytes,
            None,
        ),
        (
            "One run of the program against the loopback server, wall time".into(),
            "run.wall_s",
            format::seconds,
            None,
        ),
        (
            "One run of the program, peak memory".into(),
            "run.max_rss_kib",
            format::kib,
            None,
        ),
    ];
    for (figure, key, show, target) in specs {
        let path: Vec<&str> = key.split('.').collect();
        let mut ingot_path = vec!["ingot"];
        ingot_path.extend(&path);
        let mut official_path = vec!["official"];
        official_path.extend(&path);
        let (Some(ingot), Some(official)) =
            (number(builds, &ingot_path), number(builds, &official_path))
        else {
            continue;
        };
        let mut row = Row::new("4", figure);
        row.ingot = Some(show(ingot));
        row.official = Some(show(official));
        row.ratio = Some(ingot / official);
        if let Some((text, limit)) = target {
            row.target = Some(Target {
                text,
                met: ingot / official <= limit,
            });
        }
        rows.push(row);
    }
}

fn codegen(results: &Value, rows: &mut Vec<Row>) {
    let cores = number(results, &["machine", "cores"]).unwrap_or(0.0);
    let sets = [
        ("model", "`model/` (the StartIdMappingJob subset)"),
        ("full_model", "the full Entity Resolution model"),
        (
            "corpus",
            "the whole AWS corpus, restJson1 and awsJson models",
        ),
    ];
    for (key, label) in sets {
        let base = &results["codegen"][key];
        let (Some(wall), Some(rss)) = (number(base, &["wall_s"]), number(base, &["max_rss_kib"]))
        else {
            continue;
        };
        // `cargo xtask corpus` prints `generate: N passed, M failed in T s`.
        let models = base["summary"]
            .as_str()
            .and_then(|summary| summary.strip_prefix("generate: "))
            .and_then(|rest| rest.split(" passed").next())
            .map(|passed| format!(" ({passed} models)"))
            .unwrap_or_default();
        let label = format!("{label}{models}");
        let mut row = Row::new("5", format!("Generate {label}: wall time"));
        row.ingot = Some(format::seconds(wall));
        if key == "corpus" {
            row.target = Some(Target {
                text: "< 60 s on 2 cores",
                met: wall < 60.0 && cores <= 2.0,
            });
        }
        rows.push(row);
        let mut row = Row::new("5", format!("Generate {label}: peak memory"));
        row.ingot = Some(format::kib(rss));
        rows.push(row);
    }
}

fn lines(results: &Value, rows: &mut Vec<Row>) {
    let base = &results["lines"];
    for (key, label) in [
        (
            "code_lines",
            "code lines (not blank, not only a // comment)",
        ),
        ("lines", "all lines"),
        ("files", "files"),
    ] {
        let (Some(ingot), Some(official)) = (
            number(base, &["ingot", key]),
            number(base, &["official", key]),
        ) else {
            continue;
        };
        let mut row = Row::new(
            "6",
            format!("Rust source of the full Entity Resolution client, {label}"),
        );
        row.ingot = Some(format::count(ingot));
        row.official = Some(format::count(official));
        row.ratio = Some(ingot / official);
        rows.push(row);
    }
}
