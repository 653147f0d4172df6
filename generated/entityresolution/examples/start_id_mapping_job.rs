//! Starts a job of an AWS Entity Resolution ID mapping workflow and prints
//! its id.
//!
//! ```text
//! cargo run -p entityresolution --example start_id_mapping_job -- \
//!     --workflow-name NAME --output-s3-path S3PATH --role-arn ARN \
//!     [--kms-arn ARN] [--region REGION] [--endpoint-url URL]
//! ```
//!
//! Region, credentials and endpoint are loaded from the environment and the
//! shared AWS files (`AWS_REGION`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`,
//! `AWS_ENDPOINT_URL_ENTITYRESOLUTION`, `~/.aws/config`,
//! `~/.aws/credentials`, ...). `--region` and `--endpoint-url` override the
//! loaded values.
//!
//! On success the example prints `jobId: <id>` and exits with 0. When the
//! request fails it prints the error code, message and request id on stderr
//! and exits with 1. Invalid arguments exit with 2.

use std::process::ExitCode;

use entityresolution::operation::start_id_mapping_job::StartIdMappingJobError;
use entityresolution::types::IdMappingJobOutputSource;
use entityresolution::{Client, Config};

const USAGE: &str = "\
usage: start_id_mapping_job --workflow-name NAME --output-s3-path S3PATH --role-arn ARN
                            [--kms-arn ARN] [--region REGION] [--endpoint-url URL]

Starts a job of an ID mapping workflow and prints `jobId: <id>`.

options:
  --workflow-name NAME    name or ARN of the ID mapping workflow (required)
  --output-s3-path S3PATH s3:// URL that receives the job's output (required)
  --role-arn ARN          IAM role that Entity Resolution assumes to write the output (required)
  --kms-arn ARN           KMS key that encrypts the output (default: a key managed by the service)
  --region REGION         region, overriding AWS_REGION and the shared config files
  --endpoint-url URL      endpoint URL, overriding AWS_ENDPOINT_URL_ENTITYRESOLUTION,
                          AWS_ENDPOINT_URL and the shared config files
  -h, --help              print this help and exit";

/// Command-line arguments after parsing.
#[derive(Debug)]
struct Args {
    workflow_name: String,
    output_s3_path: String,
    role_arn: String,
    kms_arn: Option<String>,
    region: Option<String>,
    endpoint_url: Option<String>,
}

/// Result of parsing the command line.
enum Command {
    Run(Args),
    Help,
}

/// Parses `--name value` and `--name=value` options.
fn parse_args(arguments: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut workflow_name = None;
    let mut output_s3_path = None;
    let mut role_arn = None;
    let mut kms_arn = None;
    let mut region = None;
    let mut endpoint_url = None;

    let mut arguments = arguments.into_iter().peekable();
    while let Some(argument) = arguments.next() {
        if argument == "-h" || argument == "--help" {
            return Ok(Command::Help);
        }
        let (name, inline_value) = match argument.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (argument.clone(), None),
        };
        let slot = match name.as_str() {
            "--workflow-name" => &mut workflow_name,
            "--output-s3-path" => &mut output_s3_path,
            "--role-arn" => &mut role_arn,
            "--kms-arn" => &mut kms_arn,
            "--region" => &mut region,
            "--endpoint-url" => &mut endpoint_url,
            _ => return Err(format!("unknown argument {argument:?}")),
        };
        // A following option is not taken as the value, so that
        // `--region --endpoint-url URL` reports the missing region.
        let value = match inline_value {
            Some(value) => Some(value),
            None => arguments.next_if(|next| !next.starts_with("--")),
        };
        let value = match value {
            Some(value) if !value.is_empty() => value,
            _ => return Err(format!("missing value for {name}")),
        };
        if slot.replace(value).is_some() {
            return Err(format!("{name} is given more than once"));
        }
    }

    let required = |value: Option<String>, name: &str| {
        value.ok_or_else(|| format!("missing required argument {name}"))
    };
    Ok(Command::Run(Args {
        workflow_name: required(workflow_name, "--workflow-name")?,
        output_s3_path: required(output_s3_path, "--output-s3-path")?,
        role_arn: required(role_arn, "--role-arn")?,
        kms_arn,
        region,
        endpoint_url,
    }))
}

/// Formats a failed request as `CODE: MESSAGE (request id: ID)`, leaving
/// out the parts the error does not have.
fn describe_error(error: &StartIdMappingJobError) -> String {
    let mut text = match (error.code(), error.meta()) {
        (Some(code), _) => code.to_owned(),
        (None, Some(meta)) => format!("HTTP {}", meta.status()),
        (None, None) => String::new(),
    };
    if let Some(message) = error.message() {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(message);
    }
    // Errors raised before a response arrived, such as a refused connection,
    // keep the underlying cause in their source chain.
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    if let Some(request_id) = error.request_id() {
        text.push_str(&format!(" (request id: {request_id})"));
    }
    text
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(args)) => args,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let mut config = Config::from_env().to_builder();
    if let Some(region) = args.region {
        config = config.region(region);
    }
    if let Some(endpoint_url) = args.endpoint_url {
        config = config.endpoint_url(endpoint_url);
    }
    let client = Client::new(&config.build());

    let output_source = IdMappingJobOutputSource::builder()
        .output_s3_path(args.output_s3_path)
        .role_arn(args.role_arn)
        .set_kms_arn(args.kms_arn)
        .build();

    let result = client
        .start_id_mapping_job()
        .workflow_name(args.workflow_name)
        .output_source_config(output_source)
        .send()
        .await;
    match result {
        Ok(output) => {
            println!("jobId: {}", output.job_id);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", describe_error(&error));
            ExitCode::FAILURE
        }
    }
}
