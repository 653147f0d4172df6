//! One whole StartIdMappingJob call through each client with an in-memory
//! transport that returns the response at once: building the input, endpoint
//! resolution, serialization, signing, retry bookkeeping and parsing,
//! without any network. This is the client's own share of a call.

use criterion::{criterion_group, criterion_main, Criterion};
use ingot_bench::{clients, in_memory};

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let ingot = in_memory::ingot_client();
    let official = in_memory::official_client();
    runtime
        .block_on(clients::call_ingot(&ingot))
        .expect("ingot call through the in-memory transport");
    runtime
        .block_on(clients::call_official(&official))
        .expect("official call through the in-memory transport");

    let mut group = c.benchmark_group("call_in_memory");
    group.bench_function("ingot", |b| {
        b.to_async(&runtime)
            .iter(|| async { clients::call_ingot(&ingot).await.expect("call") })
    });
    group.bench_function("official", |b| {
        b.to_async(&runtime)
            .iter(|| async { clients::call_official(&official).await.expect("call") })
    });
    group.finish();
}

criterion_group!(benches, call);
criterion_main!(benches);
