//! Loading `Config` from an `Env` and real shared files in a temporary
//! folder. Every test passes `HOME` and the other variables through
//! `Env::from_pairs`, so no test reads the process environment or the
//! user's own `~/.aws`.

use std::error::Error as _;
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use ingot_runtime::env::Env;
use ingot_runtime::{Config, Credentials, ErrorKind};

const SERVICE: &str = "ENTITYRESOLUTION";

/// A temporary home folder, removed when the test ends.
struct Home {
    path: PathBuf,
}

impl Home {
    fn new(test_name: &str) -> Self {
        static NEXT_ID: AtomicUsize = AtomicUsize::new(0);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "ingot-config-{}-{id}-{test_name}",
            std::process::id()
        ));
        // A folder left over from an earlier run with the same process id.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create the temporary home folder");
        Self { path }
    }

    /// Writes `contents` to `relative` under the home folder.
    fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.path.join(relative);
        fs::create_dir_all(path.parent().expect("a file path has a parent"))
            .expect("create the parent folder");
        fs::write(&path, contents).expect("write the file");
        path
    }

    fn config(&self, contents: &str) -> PathBuf {
        self.write(".aws/config", contents)
    }

    fn credentials(&self, contents: &str) -> PathBuf {
        self.write(".aws/credentials", contents)
    }

    fn path_text(&self, relative: &str) -> String {
        self.path.join(relative).display().to_string()
    }

    /// Returns an environment with `HOME` set to this folder and `vars`.
    fn env(&self, vars: &[(&str, &str)]) -> Env {
        let home = self.path.display().to_string();
        let mut pairs = vec![("HOME".to_owned(), home)];
        pairs.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Env::from_pairs(pairs)
    }

    fn load(&self, vars: &[(&str, &str)]) -> Config {
        Config::loader().env(self.env(vars)).load()
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

fn region_error(config: &Config) -> String {
    let error = config
        .region()
        .expect_err("region should be missing or invalid");
    assert_eq!(error.kind(), ErrorKind::Config);
    error.to_string()
}

fn credentials_error(config: &Config) -> String {
    let error = config
        .credentials()
        .expect_err("credentials should be missing or invalid");
    assert_eq!(error.kind(), ErrorKind::Config);
    error.to_string()
}

fn endpoint_error(config: &Config) -> String {
    let error = config
        .endpoint_url(SERVICE)
        .expect_err("endpoint URL should be invalid");
    assert_eq!(error.kind(), ErrorKind::Config);
    error.to_string()
}

fn key_id(config: &Config) -> String {
    config
        .credentials()
        .expect("credentials are configured")
        .access_key_id()
        .to_owned()
}

fn endpoint(config: &Config) -> Option<String> {
    config
        .endpoint_url(SERVICE)
        .expect("endpoint configuration is valid")
        .map(str::to_owned)
}

const FILE_KEYS: &str = "[default]\n\
    aws_access_key_id = AKID_CREDENTIALS_FILE\n\
    aws_secret_access_key = secret-from-credentials-file\n";

#[test]
fn env_credentials_win_over_profile() {
    let home = Home::new("env_credentials_win");
    home.credentials(FILE_KEYS);
    let config = home.load(&[
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "secret-from-env"),
        ("AWS_SESSION_TOKEN", "token-from-env"),
    ]);
    let credentials = config.credentials().expect("credentials from env");

    assert_eq!(credentials.access_key_id(), "AKID_ENV");
    assert_eq!(credentials.secret_access_key(), "secret-from-env");
    assert_eq!(credentials.session_token(), Some("token-from-env"));
}

#[test]
fn env_session_token_optional() {
    let home = Home::new("env_session_token_optional");
    let config = home.load(&[
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "secret-from-env"),
    ]);

    assert_eq!(
        config.credentials().expect("credentials from env"),
        &Credentials::new("AKID_ENV", "secret-from-env", None)
    );
}

#[test]
fn env_access_key_without_secret_fails() {
    let home = Home::new("env_access_key_without_secret");
    home.credentials(FILE_KEYS);
    let config = home.load(&[("AWS_ACCESS_KEY_ID", "AKID_ENV")]);
    let message = credentials_error(&config);

    assert!(
        message.contains("AWS_SECRET_ACCESS_KEY is not"),
        "{message}"
    );
    assert!(message.starts_with("AWS_ACCESS_KEY_ID is set"), "{message}");
}

#[test]
fn env_secret_without_access_key_fails() {
    let home = Home::new("env_secret_without_access_key");
    let config = home.load(&[("AWS_SECRET_ACCESS_KEY", "secret-from-env")]);
    let message = credentials_error(&config);

    assert!(message.contains("AWS_ACCESS_KEY_ID is not"), "{message}");
    assert!(!message.contains("secret-from-env"), "{message}");
}

#[test]
fn empty_env_values_count_as_unset() {
    let home = Home::new("empty_env_values");
    home.credentials(FILE_KEYS);
    let config = home.load(&[
        ("AWS_ACCESS_KEY_ID", ""),
        ("AWS_SECRET_ACCESS_KEY", ""),
        ("AWS_REGION", ""),
        ("AWS_DEFAULT_REGION", "eu-north-1"),
    ]);

    assert_eq!(key_id(&config), "AKID_CREDENTIALS_FILE");
    assert_eq!(config.region().ok(), Some("eu-north-1"));
}

#[test]
fn credentials_file_wins_over_config_file() {
    let home = Home::new("credentials_file_wins");
    home.credentials(FILE_KEYS);
    home.config(
        "[default]\n\
         aws_access_key_id = AKID_CONFIG_FILE\n\
         aws_secret_access_key = secret-from-config-file\n\
         aws_session_token = token-from-config-file\n",
    );
    let config = home.load(&[]);
    let credentials = config.credentials().expect("credentials from files");

    assert_eq!(credentials.access_key_id(), "AKID_CREDENTIALS_FILE");
    assert_eq!(
        credentials.secret_access_key(),
        "secret-from-credentials-file"
    );
    // Properties merge one by one, so the config file still supplies the
    // token that the credentials file does not set.
    assert_eq!(credentials.session_token(), Some("token-from-config-file"));
}

#[test]
fn config_file_credentials_used_alone() {
    let home = Home::new("config_file_credentials");
    home.config(
        "[profile default]\n\
         aws_access_key_id = AKID_CONFIG_FILE\n\
         aws_secret_access_key = secret-from-config-file\n",
    );
    let config = home.load(&[]);

    assert_eq!(key_id(&config), "AKID_CONFIG_FILE");
}

#[test]
fn profile_session_token_read() {
    let home = Home::new("profile_session_token");
    home.credentials(
        "[default]\n\
         aws_access_key_id = AKID\n\
         aws_secret_access_key = secret\n\
         aws_session_token = token-from-file\n",
    );
    let config = home.load(&[]);
    let credentials = config.credentials().expect("credentials from file");

    assert_eq!(credentials.session_token(), Some("token-from-file"));
}

#[test]
fn named_profile_from_aws_profile() {
    let home = Home::new("named_profile");
    home.credentials(
        "[default]\naws_access_key_id = AKID_DEFAULT\naws_secret_access_key = s1\n\
         [dev]\naws_access_key_id = AKID_DEV\naws_secret_access_key = s2\n",
    );
    home.config("[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n");
    let config = home.load(&[("AWS_PROFILE", "dev")]);

    assert_eq!(key_id(&config), "AKID_DEV");
    assert_eq!(config.region().ok(), Some("eu-west-1"));
}

#[test]
fn loader_profile_wins_over_aws_profile() {
    let home = Home::new("loader_profile");
    home.config("[profile dev]\nregion = eu-west-1\n[profile ops]\nregion = ap-south-1\n");
    let config = Config::loader()
        .env(home.env(&[("AWS_PROFILE", "dev")]))
        .profile_name("ops")
        .load();

    assert_eq!(config.region().ok(), Some("ap-south-1"));
}

#[test]
fn config_file_needs_profile_prefix() {
    let home = Home::new("config_needs_prefix");
    let config_path = home.config("[default]\nregion = us-east-1\n\n[dev]\nregion = eu-west-1\n");
    let config = home.load(&[("AWS_PROFILE", "dev")]);
    let message = region_error(&config);

    assert!(
        message.contains("profile `dev` (from AWS_PROFILE) was not found"),
        "{message}"
    );
    assert!(
        message.contains(&format!("[dev] at {}:4", config_path.display())),
        "{message}"
    );
    assert!(message.contains("written [profile dev]"), "{message}");
}

#[test]
fn credentials_file_rejects_profile_prefix() {
    let home = Home::new("credentials_rejects_prefix");
    let credentials_path = home
        .credentials("[profile dev]\naws_access_key_id = AKID\naws_secret_access_key = secret\n");
    let config = home.load(&[("AWS_PROFILE", "dev")]);
    let message = credentials_error(&config);

    assert!(message.contains("was not found"), "{message}");
    assert!(
        message.contains(&format!(
            "[profile dev] at {}:1",
            credentials_path.display()
        )),
        "{message}"
    );
    assert!(
        message.contains("without the `profile` prefix"),
        "{message}"
    );
}

#[test]
fn prefixed_and_plain_sections_work() {
    let home = Home::new("prefixed_and_plain");
    home.config("[profile dev]\nregion = eu-west-1\n");
    home.credentials("[dev]\naws_access_key_id = AKID_DEV\naws_secret_access_key = secret\n");
    let config = home.load(&[("AWS_PROFILE", "dev")]);

    assert_eq!(config.region().ok(), Some("eu-west-1"));
    assert_eq!(key_id(&config), "AKID_DEV");
}

#[test]
fn missing_profile_error_text() {
    let home = Home::new("missing_profile");
    home.config("[default]\nregion = us-east-1\n[profile ops]\nregion = eu-west-1\n");
    let config = home.load(&[("AWS_PROFILE", "typo")]);
    let message = region_error(&config);

    assert!(
        message.contains("profile `typo` (from AWS_PROFILE) was not found"),
        "{message}"
    );
    assert!(message.contains("[profile typo]"), "{message}");
    assert!(
        message.contains(&home.path_text(".aws/config")),
        "{message}"
    );
    assert!(
        message.contains(&home.path_text(".aws/credentials")),
        "{message}"
    );
    assert!(
        message.contains("Existing profiles: default, ops."),
        "{message}"
    );
    assert!(message.contains("with AWS_PROFILE"), "{message}");
}

#[test]
fn missing_profile_fails_every_accessor() {
    let home = Home::new("missing_profile_accessors");
    let config = home.load(&[("AWS_PROFILE", "nowhere")]);

    assert!(region_error(&config).contains("profile `nowhere`"));
    assert!(credentials_error(&config).contains("profile `nowhere`"));
    assert!(endpoint_error(&config).contains("profile `nowhere`"));
}

#[test]
fn missing_loader_profile_names_loader() {
    let home = Home::new("missing_loader_profile");
    let config = Config::loader()
        .env(home.env(&[]))
        .profile_name("nowhere")
        .load();
    let message = region_error(&config);

    assert!(
        message.contains("set with ConfigLoader::profile_name"),
        "{message}"
    );
    assert!(
        message.contains("with ConfigLoader::profile_name"),
        "{message}"
    );
}

#[test]
fn env_values_do_not_need_the_profile() {
    let home = Home::new("env_values_without_profile");
    let config = home.load(&[
        ("AWS_PROFILE", "nowhere"),
        ("AWS_REGION", "us-west-2"),
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "secret"),
    ]);

    assert_eq!(config.region().ok(), Some("us-west-2"));
    assert_eq!(key_id(&config), "AKID_ENV");
}

#[test]
fn missing_default_profile_is_allowed() {
    let home = Home::new("missing_default_profile");
    let config = home.load(&[("AWS_REGION", "us-west-2")]);

    assert_eq!(config.region().ok(), Some("us-west-2"));
    assert_eq!(endpoint(&config), None);
}

#[test]
fn region_precedence() {
    let home = Home::new("region_precedence");
    home.config("[default]\nregion = from-profile\n");

    let all = home.load(&[
        ("AWS_REGION", "from-region"),
        ("AWS_DEFAULT_REGION", "from-default"),
    ]);
    assert_eq!(all.region().ok(), Some("from-region"));

    let default_only = home.load(&[("AWS_DEFAULT_REGION", "from-default")]);
    assert_eq!(default_only.region().ok(), Some("from-default"));

    let profile_only = home.load(&[]);
    assert_eq!(profile_only.region().ok(), Some("from-profile"));
}

#[test]
fn region_from_credentials_file() {
    let home = Home::new("region_from_credentials");
    home.credentials("[default]\nregion = ca-central-1\n");
    let config = home.load(&[]);

    assert_eq!(config.region().ok(), Some("ca-central-1"));
}

#[test]
fn region_missing_names_everything() {
    let home = Home::new("region_missing");
    home.config("[default]\noutput = json\n");
    let config = home.load(&[]);
    let message = region_error(&config);

    assert!(
        message.starts_with("no AWS region is configured"),
        "{message}"
    );
    assert!(message.contains("AWS_REGION"), "{message}");
    assert!(message.contains("AWS_DEFAULT_REGION"), "{message}");
    assert!(
        message.contains("profile `default` (AWS_PROFILE is not set)"),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "the config file {}",
            home.path_text(".aws/config")
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "the credentials file {} (not found)",
            home.path_text(".aws/credentials")
        )),
        "{message}"
    );
    assert!(message.contains("ConfigBuilder::region"), "{message}");
}

#[test]
fn region_missing_without_files() {
    let home = Home::new("region_missing_without_files");
    let config = home.load(&[]);
    let message = region_error(&config);

    assert!(
        message.contains(&format!("{} (not found)", home.path_text(".aws/config"))),
        "{message}"
    );
    assert!(
        message.contains("neither of which contains the profile"),
        "{message}"
    );
}

#[test]
fn invalid_region_names_source() {
    let home = Home::new("invalid_region");
    let config_path = home.config("[default]\n\nregion = us-east-1.evil.example\n");

    let from_env = home.load(&[("AWS_REGION", "us east 1")]);
    let message = region_error(&from_env);
    assert!(message.contains("\"us east 1\""), "{message}");
    assert!(message.contains("AWS_REGION"), "{message}");

    let from_file = home.load(&[]);
    let message = region_error(&from_file);
    assert!(message.contains("\"us-east-1.evil.example\""), "{message}");
    assert!(
        message.contains(&format!("{}:3", config_path.display())),
        "{message}"
    );
}

#[test]
fn credentials_missing_names_everything() {
    let home = Home::new("credentials_missing");
    home.credentials("[default]\nregion = us-east-1\n");
    let config = home.load(&[]);
    let message = credentials_error(&config);

    assert!(message.starts_with("no AWS credentials found"), "{message}");
    assert!(message.contains("AWS_ACCESS_KEY_ID"), "{message}");
    assert!(message.contains("AWS_SECRET_ACCESS_KEY"), "{message}");
    assert!(message.contains("AWS_SESSION_TOKEN"), "{message}");
    assert!(message.contains("profile `default`"), "{message}");
    assert!(
        message.contains(&home.path_text(".aws/credentials")),
        "{message}"
    );
    assert!(
        message.contains(&home.path_text(".aws/config")),
        "{message}"
    );
    assert!(message.contains("ConfigBuilder::credentials"), "{message}");
}

#[test]
fn unsupported_credential_source_named() {
    let home = Home::new("unsupported_source");
    let config_path = home.config(
        "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n",
    );
    let config = home.load(&[("AWS_PROFILE", "admin")]);
    let message = credentials_error(&config);

    assert!(
        message.contains(&format!("sets role_arn at {}:2", config_path.display())),
        "{message}"
    );
    assert!(message.contains("only static keys"), "{message}");
}

#[test]
fn profile_key_without_secret_fails() {
    let home = Home::new("profile_half_pair");
    let credentials_path = home.credentials("[default]\naws_access_key_id = AKID\n");
    let config = home.load(&[]);
    let message = credentials_error(&config);

    assert!(
        message.contains(&format!(
            "sets aws_access_key_id at {}:2",
            credentials_path.display()
        )),
        "{message}"
    );
    assert!(
        message.contains("but not aws_secret_access_key"),
        "{message}"
    );
}

#[test]
fn file_variables_override_home() {
    let home = Home::new("file_variables");
    home.config("[default]\nregion = from-home\n");
    home.credentials(FILE_KEYS);
    home.write("custom/config", "[default]\nregion = from-custom\n");
    let custom_credentials = home.write(
        "custom/credentials",
        "[default]\naws_access_key_id = AKID_CUSTOM\naws_secret_access_key = secret\n",
    );
    let config = home.load(&[
        ("AWS_CONFIG_FILE", "~/custom/config"),
        (
            "AWS_SHARED_CREDENTIALS_FILE",
            &custom_credentials.display().to_string(),
        ),
    ]);

    assert_eq!(config.region().ok(), Some("from-custom"));
    assert_eq!(key_id(&config), "AKID_CUSTOM");
}

#[test]
fn file_variable_named_in_errors() {
    let home = Home::new("file_variable_named");
    let config = home.load(&[("AWS_CONFIG_FILE", "~/elsewhere/config")]);
    let message = region_error(&config);

    assert!(
        message.contains(&format!(
            "{} (from AWS_CONFIG_FILE, not found)",
            home.path_text("elsewhere/config")
        )),
        "{message}"
    );
}

#[test]
fn userprofile_used_without_home() {
    let home = Home::new("userprofile");
    home.config("[default]\nregion = from-userprofile\n");
    let env = Env::from_pairs([("USERPROFILE", home.path.display().to_string())]);
    let config = Config::loader().env(env).load();

    assert_eq!(config.region().ok(), Some("from-userprofile"));
}

#[test]
fn no_home_directory_named_in_errors() {
    let config = Config::loader()
        .env(Env::from_pairs([("AWS_PROFILE", "default")]))
        .load();
    let message = region_error(&config);

    assert!(message.contains("~/.aws/config"), "{message}");
    assert!(message.contains("~/.aws/credentials"), "{message}");
    assert!(
        message.contains("HOME and USERPROFILE are not set"),
        "{message}"
    );
}

#[test]
fn malformed_file_error_has_path_and_line() {
    let home = Home::new("malformed_file");
    let config_path =
        home.config("[default]\r\nregion = us-east-1\r\n\r\nthis is not a property\r\n");
    let config = home.load(&[]);
    let message = region_error(&config);

    assert!(
        message.starts_with(&format!("invalid config file {}", config_path.display())),
        "{message}"
    );
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("`name = value`"), "{message}");
}

#[test]
fn malformed_file_fails_every_accessor() {
    let home = Home::new("malformed_every_accessor");
    home.credentials("aws_access_key_id = AKID\n");
    let config = home.load(&[("AWS_REGION", "us-east-1")]);

    // The region comes from the environment, so it does not need the files.
    assert_eq!(config.region().ok(), Some("us-east-1"));
    assert!(credentials_error(&config).contains("invalid credentials file"));
    assert!(endpoint_error(&config).contains("invalid credentials file"));
}

#[test]
fn invalid_utf8_reports_line() {
    let home = Home::new("invalid_utf8");
    let path = home.config("[default]\n");
    fs::write(&path, b"[default]\nregion = us-east-1\nname = \xff\xfe\n").expect("write bytes");
    let config = home.load(&[]);
    let message = region_error(&config);

    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn unreadable_file_names_path() {
    let home = Home::new("unreadable_file");
    // A folder where the file should be cannot be read as a file, whichever
    // user runs the test.
    fs::create_dir_all(home.path.join(".aws/config")).expect("create folder");
    let config = home.load(&[]);
    let error = config.region().expect_err("the config file cannot be read");

    assert_eq!(error.kind(), ErrorKind::Config);
    assert_eq!(
        error.to_string(),
        format!(
            "failed to read the config file {}",
            home.path_text(".aws/config")
        )
    );
    assert!(error.source().is_some());
}

const SERVICES_CONFIG: &str = "[default]\n\
    region = us-east-1\n\
    endpoint_url = http://profile-global:1000\n\
    services = local\n\
    \n\
    [services local]\n\
    entityresolution =\n  endpoint_url = http://services-section:2000\n\
    s3 =\n  endpoint_url = http://other-service:3000\n";

#[test]
fn endpoint_explicit_wins() {
    let home = Home::new("endpoint_explicit");
    home.config(SERVICES_CONFIG);
    let loaded = home.load(&[
        (
            "AWS_ENDPOINT_URL_ENTITYRESOLUTION",
            "http://service-env:4000",
        ),
        ("AWS_ENDPOINT_URL", "http://global-env:5000"),
    ]);
    let config = loaded
        .to_builder()
        .endpoint_url("http://explicit:6000")
        .build();

    assert_eq!(endpoint(&config).as_deref(), Some("http://explicit:6000"));
    assert_eq!(config.region().ok(), Some("us-east-1"));
}

#[test]
fn endpoint_service_variable_wins_over_global() {
    let home = Home::new("endpoint_service_variable");
    home.config(SERVICES_CONFIG);
    let config = home.load(&[
        (
            "AWS_ENDPOINT_URL_ENTITYRESOLUTION",
            "http://service-env:4000",
        ),
        ("AWS_ENDPOINT_URL", "http://global-env:5000"),
    ]);

    assert_eq!(
        endpoint(&config).as_deref(),
        Some("http://service-env:4000")
    );
}

#[test]
fn endpoint_global_variable_wins_over_profile() {
    let home = Home::new("endpoint_global_variable");
    home.config(SERVICES_CONFIG);
    let config = home.load(&[("AWS_ENDPOINT_URL", "http://global-env:5000")]);

    assert_eq!(endpoint(&config).as_deref(), Some("http://global-env:5000"));
}

#[test]
fn endpoint_other_service_variable_ignored() {
    let home = Home::new("endpoint_other_service_variable");
    let config = home.load(&[("AWS_ENDPOINT_URL_S3", "http://s3-env:7000")]);

    assert_eq!(endpoint(&config), None);
}

#[test]
fn endpoint_services_section_wins_over_profile() {
    let home = Home::new("endpoint_services_section");
    home.config(SERVICES_CONFIG);
    let config = home.load(&[]);

    assert_eq!(
        endpoint(&config).as_deref(),
        Some("http://services-section:2000")
    );
}

#[test]
fn endpoint_profile_when_service_absent() {
    let home = Home::new("endpoint_profile");
    home.config(
        "[default]\nendpoint_url = http://profile-global:1000\nservices = local\n\
         [services local]\ns3 =\n  endpoint_url = http://other-service:3000\n",
    );
    let config = home.load(&[]);

    assert_eq!(
        endpoint(&config).as_deref(),
        Some("http://profile-global:1000")
    );
}

#[test]
fn endpoint_none_by_default() {
    let home = Home::new("endpoint_none");
    home.config("[default]\nregion = us-east-1\n");
    let config = home.load(&[]);

    assert_eq!(endpoint(&config), None);
}

#[test]
fn endpoint_ignore_variable() {
    let home = Home::new("endpoint_ignore_variable");
    home.config(SERVICES_CONFIG);
    let vars = [
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        (
            "AWS_ENDPOINT_URL_ENTITYRESOLUTION",
            "http://service-env:4000",
        ),
        ("AWS_ENDPOINT_URL", "http://global-env:5000"),
    ];
    let config = home.load(&vars);

    assert_eq!(endpoint(&config), None);
    let explicit = config
        .to_builder()
        .endpoint_url("http://explicit:6000")
        .build();
    assert_eq!(endpoint(&explicit).as_deref(), Some("http://explicit:6000"));
}

#[test]
fn endpoint_ignore_profile_setting() {
    let home = Home::new("endpoint_ignore_profile");
    home.config(&format!(
        "{SERVICES_CONFIG}[profile ignoring]\nendpoint_url = http://x:1\n\
         ignore_configured_endpoint_urls = true\n"
    ));
    let ignoring = home.load(&[
        ("AWS_PROFILE", "ignoring"),
        ("AWS_ENDPOINT_URL", "http://global-env:5000"),
    ]);
    assert_eq!(endpoint(&ignoring), None);

    let variable_false = home.load(&[
        ("AWS_PROFILE", "ignoring"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"),
    ]);
    assert_eq!(endpoint(&variable_false).as_deref(), Some("http://x:1"));
}

#[test]
fn endpoint_ignore_invalid_value() {
    let home = Home::new("endpoint_ignore_invalid");
    let config_path = home.config("[default]\nignore_configured_endpoint_urls = yes\n");

    let from_env = home.load(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "1")]);
    let message = endpoint_error(&from_env);
    assert!(message.contains("\"1\""), "{message}");
    assert!(
        message.contains("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
        "{message}"
    );

    let from_file = home.load(&[]);
    let message = endpoint_error(&from_file);
    assert!(message.contains("\"yes\""), "{message}");
    assert!(
        message.contains(&format!("{}:2", config_path.display())),
        "{message}"
    );
}

#[test]
fn invalid_endpoint_from_variable() {
    let home = Home::new("invalid_endpoint_variable");
    let config = home.load(&[("AWS_ENDPOINT_URL_ENTITYRESOLUTION", "localhost:4566")]);
    let message = endpoint_error(&config);

    assert!(message.contains("\"localhost:4566\""), "{message}");
    assert!(
        message.contains("AWS_ENDPOINT_URL_ENTITYRESOLUTION"),
        "{message}"
    );
    assert!(message.contains("http:// or https://"), "{message}");
}

#[test]
fn invalid_endpoint_from_services_section() {
    let home = Home::new("invalid_endpoint_services");
    let config_path = home.config(
        "[default]\nservices = local\n[services local]\n\
         entityresolution =\n  endpoint_url = http://localhost:4566 # local stack\n",
    );
    let config = home.load(&[]);
    let message = endpoint_error(&config);

    assert!(
        message.contains("\"http://localhost:4566 # local stack\""),
        "{message}"
    );
    assert!(message.contains("[services local]"), "{message}");
    assert!(
        message.contains(&format!("{}:5", config_path.display())),
        "{message}"
    );
}

#[test]
fn invalid_endpoint_from_profile() {
    let home = Home::new("invalid_endpoint_profile");
    let config_path = home.config("[default]\nendpoint_url = https://\n");
    let config = home.load(&[]);
    let message = endpoint_error(&config);

    assert!(message.contains("\"https://\""), "{message}");
    assert!(message.contains("no host"), "{message}");
    assert!(
        message.contains(&format!("{}:2", config_path.display())),
        "{message}"
    );
}

#[test]
fn invalid_explicit_endpoint() {
    let config = Config::builder().endpoint_url("ftp://example.com").build();
    let message = endpoint_error(&config);

    assert!(message.contains("ConfigBuilder::endpoint_url"), "{message}");
    assert!(message.contains("\"ftp://example.com\""), "{message}");
}

#[test]
fn missing_services_section_fails() {
    let home = Home::new("missing_services_section");
    let config_path = home.config("[default]\nservices = typo\n");
    let config = home.load(&[]);
    let message = endpoint_error(&config);

    assert!(message.contains("[services typo]"), "{message}");
    assert!(
        message.contains(&format!("{}:2", config_path.display())),
        "{message}"
    );
}

#[test]
fn builder_sets_values_without_environment() {
    let config = Config::builder()
        .region("eu-central-1")
        .credentials(Credentials::new("AKID_BUILDER", "secret", None))
        .build();

    assert_eq!(config.region().ok(), Some("eu-central-1"));
    assert_eq!(key_id(&config), "AKID_BUILDER");
    assert_eq!(endpoint(&config), None);
}

#[test]
fn builder_missing_values_fail() {
    let config = Config::builder().build();

    assert!(region_error(&config).contains("Config::builder()"));
    assert!(credentials_error(&config).contains("ConfigBuilder::credentials"));
}

#[test]
fn builder_rejects_invalid_region() {
    let config = Config::builder().region("us-east-1/evil").build();
    let message = region_error(&config);

    assert!(message.contains("\"us-east-1/evil\""), "{message}");
    assert!(message.contains("ConfigBuilder::region"), "{message}");
}

#[test]
fn to_builder_overrides_keep_the_rest() {
    let home = Home::new("to_builder");
    home.config("[default]\nregion = us-east-1\nendpoint_url = http://profile:1\n");
    home.credentials(FILE_KEYS);
    let loaded = home.load(&[]);
    let config = loaded.to_builder().region("eu-west-1").build();

    assert_eq!(config.region().ok(), Some("eu-west-1"));
    assert_eq!(key_id(&config), "AKID_CREDENTIALS_FILE");
    assert_eq!(endpoint(&config).as_deref(), Some("http://profile:1"));
    assert_eq!(loaded.region().ok(), Some("us-east-1"));
}

#[test]
fn debug_hides_secrets() {
    let home = Home::new("debug_hides_secrets");
    home.credentials(
        "[default]\naws_access_key_id = AKID_VISIBLE\n\
         aws_secret_access_key = file-secret-value\naws_session_token = file-token-value\n",
    );
    let loaded = home.load(&[]);
    let with_env = home.load(&[
        ("AWS_ACCESS_KEY_ID", "AKID_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret-value"),
    ]);
    let debug = format!("{loaded:?} {with_env:?} {:?}", loaded.to_builder());

    assert!(debug.contains("AKID_VISIBLE"), "{debug}");
    assert!(!debug.contains("file-secret-value"), "{debug}");
    assert!(!debug.contains("file-token-value"), "{debug}");
    assert!(!debug.contains("env-secret-value"), "{debug}");
}

#[test]
fn config_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}

    assert_send_sync::<Config>();
    assert_send_sync::<Env>();
}

#[test]
fn errors_repeat_on_every_call() {
    let config = Config::builder().build();
    let first = region_error(&config);
    let second = region_error(&config);

    assert_eq!(first, second);
}

/// Returns `(use_fips, use_dual_stack)`, both expected to be valid.
fn switches(config: &Config) -> (bool, bool) {
    (
        config.use_fips().expect("use_fips is valid"),
        config.use_dual_stack().expect("use_dual_stack is valid"),
    )
}

#[test]
fn endpoint_switches_default_to_false() {
    let home = Home::new("switches_default");
    home.config("[default]\nregion = us-east-1\n");

    assert_eq!(switches(&home.load(&[])), (false, false));
    assert_eq!(switches(&Config::builder().build()), (false, false));
}

#[test]
fn endpoint_switches_from_env() {
    let home = Home::new("switches_env");
    let config = home.load(&[
        ("AWS_USE_FIPS_ENDPOINT", "true"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "TRUE"),
    ]);

    assert_eq!(switches(&config), (true, true));
}

#[test]
fn endpoint_switches_from_profile() {
    let home = Home::new("switches_profile");
    home.config(
        "[default]\nuse_fips_endpoint = true\n\
         [profile dual]\nuse_dualstack_endpoint = true\n",
    );

    assert_eq!(switches(&home.load(&[])), (true, false));
    assert_eq!(
        switches(&home.load(&[("AWS_PROFILE", "dual")])),
        (false, true)
    );
}

#[test]
fn endpoint_switch_env_wins_over_profile() {
    let home = Home::new("switches_env_wins");
    home.config("[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n");
    let config = home.load(&[
        ("AWS_USE_FIPS_ENDPOINT", "false"),
        // An empty variable counts as unset, so the profile applies.
        ("AWS_USE_DUALSTACK_ENDPOINT", ""),
    ]);

    assert_eq!(switches(&config), (false, true));
}

#[test]
fn endpoint_switch_builder_wins() {
    let home = Home::new("switches_builder");
    let loaded = home.load(&[("AWS_USE_FIPS_ENDPOINT", "true")]);
    let config = loaded
        .to_builder()
        .use_fips(false)
        .use_dual_stack(true)
        .build();

    assert_eq!(switches(&config), (false, true));
    assert_eq!(switches(&loaded), (true, false));
}

#[test]
fn invalid_endpoint_switch_from_env() {
    let home = Home::new("switches_invalid_env");
    let config = home.load(&[("AWS_USE_FIPS_ENDPOINT", "yes")]);
    let error = config.use_fips().expect_err("yes is not a boolean");

    assert_eq!(error.kind(), ErrorKind::Config);
    let message = error.to_string();
    assert!(message.contains("\"yes\""), "{message}");
    assert!(message.contains("AWS_USE_FIPS_ENDPOINT"), "{message}");
    assert!(message.contains("expected true or false"), "{message}");
    assert_eq!(config.use_dual_stack().ok(), Some(false));
}

#[test]
fn invalid_endpoint_switch_from_profile() {
    let home = Home::new("switches_invalid_profile");
    let config_path = home.config("[default]\nregion = us-east-1\nuse_dualstack_endpoint = 1\n");
    let config = home.load(&[]);
    let error = config.use_dual_stack().expect_err("1 is not a boolean");

    let message = error.to_string();
    assert!(message.contains("`use_dualstack_endpoint`"), "{message}");
    assert!(message.contains("\"1\""), "{message}");
    assert!(
        message.contains(&format!("{}:3", config_path.display())),
        "{message}"
    );
}

#[test]
fn endpoint_switch_missing_profile_fails() {
    let home = Home::new("switches_missing_profile");
    home.config("[default]\nregion = us-east-1\n");
    let config = home.load(&[("AWS_PROFILE", "absent")]);
    let error = config.use_fips().expect_err("the profile does not exist");

    assert!(error.to_string().contains("profile `absent`"), "{error}");
}
