//! The output of a `credential_process` command is the fuzz input: the
//! provider runs `cat` on a file that contains it and reads the credentials
//! JSON document, as it would read any command's output.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use ingot_runtime::credentials::process::ProcessProvider;
use ingot_runtime::ProvideCredentials;
use libfuzzer_sys::fuzz_target;

struct Process {
    output: PathBuf,
    provider: ProcessProvider,
}

fuzz_target!(|data: &[u8]| {
    static PROCESS: OnceLock<Process> = OnceLock::new();
    let process = PROCESS.get_or_init(|| {
        let output =
            std::env::temp_dir().join(format!("ingot-fuzz-process-{}.json", std::process::id()));
        let provider =
            ProcessProvider::new(format!("cat '{}'", output.display()), "the fuzz profile");
        Process { output, provider }
    });

    if std::fs::write(&process.output, data).is_err() {
        return;
    }
    let result = ingot_fuzz::block_on(process.provider.provide_credentials());
    ingot_fuzz::consume(format!("{result:?}"));
});
