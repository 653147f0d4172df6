//! A shared config file and a shared credentials file from the fuzz input
//! (split at the first NUL byte) are parsed directly and then loaded as a
//! client configuration, whose accessors resolve every setting. No
//! credentials are fetched: a profile may name a `credential_process`.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use ingot_fuzz::input::Input;
use ingot_runtime::env::Env;
use ingot_runtime::profile::{self, FileKind};
use ingot_runtime::Config;
use libfuzzer_sys::fuzz_target;

/// Returns the paths of the two files of this process, which every input
/// rewrites.
fn paths() -> &'static (PathBuf, PathBuf) {
    static PATHS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    PATHS.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ingot-fuzz-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the scratch folder");
        (dir.join("config"), dir.join("credentials"))
    })
}

fuzz_target!(|data: &[u8]| {
    let mut input = Input::new(data);
    let profile_name = input.text();
    let config_bytes = input.until(b"\0");
    let credentials_bytes = input.rest();

    for (bytes, kind) in [
        (config_bytes, FileKind::Config),
        (credentials_bytes, FileKind::Credentials),
    ] {
        let text = String::from_utf8_lossy(bytes);
        match profile::parse(&text, kind) {
            Ok(parsed) => {
                for name in parsed.profile_names() {
                    if let Some(section) = parsed.profile(name) {
                        for (_, property) in section.properties() {
                            ingot_fuzz::consume((
                                property.value().len(),
                                property.line(),
                                property.sub_properties().count(),
                            ));
                        }
                    }
                }
                ingot_fuzz::consume(format!("{parsed:?}"));
            }
            Err(error) => ingot_fuzz::consume((error.to_string(), error.line())),
        }
    }

    let (config_path, credentials_path) = paths();
    if std::fs::write(config_path, config_bytes).is_err()
        || std::fs::write(credentials_path, credentials_bytes).is_err()
    {
        return;
    }
    let env = Env::from_pairs([
        ("AWS_CONFIG_FILE", config_path.display().to_string()),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            credentials_path.display().to_string(),
        ),
        ("AWS_PROFILE", profile_name),
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ]);
    let config = Config::loader().env(env).load();
    ingot_fuzz::consume((
        config.region().map(str::len),
        config.credentials().map(|c| c.access_key_id().len()),
        config.credentials_provider().is_ok(),
        config.retry_config().is_ok(),
        config.use_fips(),
        config.use_dual_stack(),
        config
            .endpoint_url("ENTITYRESOLUTION")
            .map(|url| url.map(str::len)),
        format!("{config:?}"),
    ));
});
