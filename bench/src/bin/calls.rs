//! Per-call client overhead: StartIdMappingJob against the loopback server
//! with ingot's client, the official SDK and the bare hyper floor, first
//! one call at a time and then with many concurrent tasks.
//!
//! ```text
//! calls [--calls N] [--concurrent-calls N] [--concurrency N] [--rounds N] --out FILE
//! ```
//!
//! The clients run on one current-thread tokio runtime on the main thread
//! and the server on another thread, so on a 2-core machine each has a
//! core. Rounds alternate the order of the clients, so that a burst of
//! load from elsewhere on the machine does not fall on one client only.
//! Writes a JSON object with a summary per client and mode, and the
//! requests each client put on the wire.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ingot_bench::clients::{self, Floor};
use ingot_bench::server::{CapturedRequest, LoopbackServer};
use ingot_bench::stats::Summary;
use serde_json::json;

const USAGE: &str =
    "usage: calls [--calls N] [--concurrent-calls N] [--concurrency N] [--rounds N] [--warmup N] --out FILE";

struct Options {
    /// Sequential calls per client per round.
    calls: usize,
    /// Concurrent calls per client per round, spread over the tasks.
    concurrent_calls: usize,
    concurrency: usize,
    rounds: usize,
    warmup: usize,
    out: std::path::PathBuf,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        calls: 5_000,
        concurrent_calls: 12_800,
        concurrency: 64,
        rounds: 4,
        warmup: 500,
        out: std::path::PathBuf::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        let number = |text: String| {
            text.parse::<usize>()
                .map_err(|e| format!("{arg}: invalid number {text:?}: {e}"))
        };
        match arg.as_str() {
            "--calls" => options.calls = number(value()?)?,
            "--concurrent-calls" => options.concurrent_calls = number(value()?)?,
            "--concurrency" => options.concurrency = number(value()?)?.max(1),
            "--rounds" => options.rounds = number(value()?)?.max(1),
            "--warmup" => options.warmup = number(value()?)?,
            "--out" => options.out = value()?.into(),
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        }
    }
    if options.out.as_os_str().is_empty() {
        return Err(format!("missing --out FILE\n{USAGE}"));
    }
    Ok(options)
}

/// One of the clients under test, cheap to clone into tasks.
#[derive(Clone)]
enum Subject {
    Ingot(entityresolution::Client),
    Official(aws_sdk_entityresolution::Client),
    /// Shared, because the hyper client and request template are large.
    Floor(Arc<Floor>),
}

impl Subject {
    fn name(&self) -> &'static str {
        match self {
            Subject::Ingot(_) => "ingot",
            Subject::Official(_) => "official",
            Subject::Floor(_) => "floor",
        }
    }

    async fn call(&self) -> Result<(), String> {
        match self {
            Subject::Ingot(client) => clients::call_ingot(client).await,
            Subject::Official(client) => clients::call_official(client).await,
            Subject::Floor(floor) => floor.call().await,
        }
    }
}

/// Times `calls` sequential calls.
async fn sequential(
    subject: &Subject,
    calls: usize,
    samples: &mut Vec<Duration>,
) -> Result<(), String> {
    for _ in 0..calls {
        let started = Instant::now();
        subject.call().await?;
        samples.push(started.elapsed());
    }
    Ok(())
}

/// Times `calls` calls spread over `concurrency` tasks; returns the wall
/// time of the whole batch.
async fn concurrent(
    subject: &Subject,
    calls: usize,
    concurrency: usize,
    samples: &mut Vec<Duration>,
) -> Result<Duration, String> {
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(concurrency);
    for task in 0..concurrency {
        let share = calls / concurrency + usize::from(task < calls % concurrency);
        let subject = subject.clone();
        tasks.push(tokio::task::spawn_local(async move {
            let mut local = Vec::with_capacity(share);
            for _ in 0..share {
                let call_started = Instant::now();
                subject.call().await?;
                local.push(call_started.elapsed());
            }
            Ok::<_, String>(local)
        }));
    }
    for task in tasks {
        samples.extend(task.await.map_err(|e| format!("task failed: {e}"))??);
    }
    Ok(started.elapsed())
}

/// Sends one request with each client while the server records them.
async fn capture(
    server: &LoopbackServer,
    subjects: &[Subject],
) -> Result<Vec<CapturedRequest>, String> {
    let mut captured = Vec::new();
    for subject in subjects {
        server.set_capture(true);
        subject.call().await?;
        server.set_capture(false);
        let mut requests = server.take_captured();
        if requests.len() != 1 {
            return Err(format!(
                "{} sent {} requests for one call, expected 1",
                subject.name(),
                requests.len()
            ));
        }
        captured.push(requests.remove(0));
    }
    Ok(captured)
}

fn captured_json(request: &CapturedRequest) -> serde_json::Value {
    let body: serde_json::Value = serde_json::from_slice(&request.body)
        .unwrap_or_else(|_| json!(String::from_utf8_lossy(&request.body)));
    json!({
        "method": request.method,
        "path": request.path,
        "headers": request.headers.iter().map(|(name, value)| json!([name, value])).collect::<Vec<_>>(),
        "body": body,
    })
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_string()
}

async fn run(options: &Options) -> Result<serde_json::Value, String> {
    let server =
        LoopbackServer::start().map_err(|e| format!("cannot start the loopback server: {e}"))?;
    let endpoint = server.endpoint();
    let ingot = Subject::Ingot(clients::ingot_client(&endpoint));
    let official = Subject::Official(clients::official_client(&endpoint));

    let captured = capture(&server, &[ingot.clone(), official.clone()]).await?;
    let floor = Subject::Floor(Arc::new(Floor::new(&endpoint, &captured[0])?));
    let subjects = [ingot, official, floor];

    // Warm up: open the connections the concurrent runs use and let each
    // client fill its caches.
    for subject in &subjects {
        let mut ignored = Vec::new();
        sequential(subject, options.warmup, &mut ignored).await?;
        concurrent(
            subject,
            options.concurrency * 4,
            options.concurrency,
            &mut ignored,
        )
        .await?;
    }

    let mut sequential_samples: Vec<Vec<Duration>> = vec![Vec::new(); subjects.len()];
    let mut concurrent_samples: Vec<Vec<Duration>> = vec![Vec::new(); subjects.len()];
    let mut concurrent_wall = vec![Duration::ZERO; subjects.len()];
    let mut load = vec![load_average()];
    for round in 0..options.rounds {
        for offset in 0..subjects.len() {
            let index = (round + offset) % subjects.len();
            let subject = &subjects[index];
            sequential(subject, options.calls, &mut sequential_samples[index]).await?;
            concurrent_wall[index] += concurrent(
                subject,
                options.concurrent_calls,
                options.concurrency,
                &mut concurrent_samples[index],
            )
            .await?;
        }
        load.push(load_average());
        eprintln!("calls: round {}/{} done", round + 1, options.rounds);
    }

    let mut sequential_json = serde_json::Map::new();
    let mut concurrent_json = serde_json::Map::new();
    for (index, subject) in subjects.iter().enumerate() {
        let summary = Summary::of(&sequential_samples[index])
            .ok_or("no sequential samples; pass --calls above 0")?;
        sequential_json.insert(subject.name().into(), summary.to_json());
        let summary = Summary::of(&concurrent_samples[index])
            .ok_or("no concurrent samples; pass --concurrent-calls above 0")?;
        let mut entry = summary.to_json();
        let throughput = summary.calls as f64 / concurrent_wall[index].as_secs_f64();
        entry["calls_per_second"] = json!(throughput);
        concurrent_json.insert(subject.name().into(), entry);
    }
    Ok(json!({
        "settings": {
            "calls": options.calls,
            "concurrent_calls": options.concurrent_calls,
            "concurrency": options.concurrency,
            "rounds": options.rounds,
            "warmup": options.warmup,
        },
        "sequential": sequential_json,
        "concurrent": concurrent_json,
        "wire": { "ingot": captured_json(&captured[0]), "official": captured_json(&captured[1]) },
        "server_requests": server.request_count(),
        "load_average": load,
    }))
}

fn block_on<F: Future>(future: F) -> Result<F::Output, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    let local = tokio::task::LocalSet::new();
    Ok(local.block_on(&runtime, future))
}

fn main() -> std::process::ExitCode {
    let result = parse_options().and_then(|options| {
        let report = block_on(run(&options))??;
        let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
        std::fs::write(&options.out, text)
            .map_err(|e| format!("cannot write {}: {e}", options.out.display()))
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("calls: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
