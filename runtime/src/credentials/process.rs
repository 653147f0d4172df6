//! Credentials from an external command, the `credential_process` setting
//! of a profile. The command prints a JSON document on standard output:
//!
//! ```json
//! {"Version": 1, "AccessKeyId": "...", "SecretAccessKey": "...",
//!  "SessionToken": "...", "Expiration": "2024-05-01T12:00:00Z"}
//! ```
//!
//! `SessionToken` and `Expiration` are optional; without `Expiration` the
//! credentials never expire.

use std::process::{Command, Stdio};

use super::fetch::{self, Fields};
use super::{Credentials, CredentialsFuture, ProvideCredentials};
use crate::error::{Error, ErrorKind};

/// The maximum number of characters of standard error quoted in an error
/// message.
const MAX_STDERR_CHARS: usize = 500;

/// Runs a command through the platform's shell (`sh -c` on Unix, `cmd.exe
/// /C` on Windows), as the AWS CLI does, and reads credentials from its
/// output.
#[derive(Clone, Debug)]
pub struct ProcessProvider {
    command: String,
    origin: String,
}

impl ProcessProvider {
    /// Creates a provider for `command`. `origin` names where the command
    /// was configured in errors, such as `` `credential_process` in profile
    /// `dev` at ~/.aws/config:3``.
    pub fn new(command: impl Into<String>, origin: impl Into<String>) -> Self {
        Self {
            command: command.into(),
            origin: origin.into(),
        }
    }

    async fn run(&self) -> Result<Credentials, Error> {
        let command = self.command.clone();
        // The command may take seconds, such as a password manager asking
        // for a PIN, so it runs on a blocking thread.
        let output = tokio::task::spawn_blocking(move || shell(&command).output())
            .await
            .map_err(|e| self.error(format!("the command's thread failed ({e})")))?
            .map_err(|e| self.error(format!("failed to start the command ({e})")))?;

        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let stderr: String = stderr.trim().chars().take(MAX_STDERR_CHARS).collect();
            return Err(self.error(format!(
                "the command exited with {}; its standard error: {stderr:?}",
                output.status
            )));
        }
        self.parse(&output.stdout)
    }

    fn parse(&self, stdout: &[u8]) -> Result<Credentials, Error> {
        let source = format!("the command of {}", self.origin);
        let version = crate::json::parse(stdout)
            .ok()
            .and_then(|value| value.get("Version").and_then(|v| v.as_u64()));
        if version != Some(1) {
            return Err(
                self.error("its output must be a JSON object with \"Version\": 1".to_owned())
            );
        }
        fetch::parse_credentials(
            stdout,
            Fields {
                session_token: "SessionToken",
            },
            &source,
        )
    }

    fn error(&self, reason: String) -> Error {
        Error::new(
            ErrorKind::Credentials,
            format!("failed to get credentials from {}: {reason}", self.origin),
        )
    }
}

impl ProvideCredentials for ProcessProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.run())
    }
}

fn shell(command: &str) -> Command {
    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd.exe");
        shell.arg("/C");
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c");
        shell
    };
    shell
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    shell
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn provider(command: &str) -> ProcessProvider {
        ProcessProvider::new(command, "a test")
    }

    #[tokio::test]
    async fn output_read_as_credentials() {
        let credentials = provider(
            r#"printf '{"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"s","SessionToken":"t","Expiration":"2030-01-01T00:00:00Z"}'"#,
        )
        .provide_credentials()
        .await
        .unwrap();

        assert_eq!(credentials.access_key_id(), "AKID");
        assert_eq!(credentials.session_token(), Some("t"));
        assert!(credentials.expiry().is_some());
    }

    #[tokio::test]
    async fn failing_command_reports_stderr() {
        let error = provider("echo 'no such profile' >&2; exit 3")
            .provide_credentials()
            .await
            .unwrap_err();

        assert_eq!(error.kind(), ErrorKind::Credentials);
        assert!(error.message().contains("a test"), "{error}");
        assert!(error.message().contains("no such profile"), "{error}");
    }

    #[tokio::test]
    async fn wrong_version_rejected() {
        let error = provider(r#"printf '{"Version":2,"AccessKeyId":"a","SecretAccessKey":"s"}'"#)
            .provide_credentials()
            .await
            .unwrap_err();

        assert!(error.message().contains("\"Version\": 1"), "{error}");
    }
}
