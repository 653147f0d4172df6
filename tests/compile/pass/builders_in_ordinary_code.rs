// Builders with required members stay usable in ordinary code: kept in a
// variable, handed to a function, set in any order, set twice, filled
// from a loop.

use builders::builder::{Set, Unset};
use builders::types::{Echo, ProfileV1, ProfileV1Builder};
use entityresolution::types::IdMappingJobOutputSource;

/// Sets the members every profile of this program shares, whatever else
/// the caller has set.
fn shared<Name, Tags, Labels>(
    builder: ProfileV1Builder<Name, Tags, Labels, Unset, Unset>,
) -> ProfileV1Builder<Name, Tags, Labels, Set<String>, Set<i32>> {
    builder.secret("s3cr3t").string(7)
}

fn main() {
    // Any order, and the last value of a member set twice wins.
    let source = IdMappingJobOutputSource::builder()
        .role_arn("arn:aws:iam::123456789012:role/First")
        .output_s3_path("s3://bucket/output/")
        .role_arn("arn:aws:iam::123456789012:role/Second")
        .build();
    assert_eq!(source.role_arn, "arn:aws:iam::123456789012:role/Second");
    assert_eq!(source.kms_arn, None);

    // A partly built builder in a variable, finished later.
    let partial = IdMappingJobOutputSource::builder().output_s3_path("s3://bucket/a/");
    let kms_arn = Some("arn:aws:kms:us-east-1:123456789012:key/k");
    let partial = partial.set_kms_arn(kms_arn.map(String::from));
    let source = partial.role_arn("arn:aws:iam::123456789012:role/R").build();
    assert_eq!(source.kms_arn.as_deref(), kms_arn);

    // Optional members set conditionally keep the builder's type.
    let mut builder = ProfileV1::builder().name("ada");
    if source.kms_arn.is_some() {
        builder = builder.nickname("countess");
    }

    // A required list from a loop goes in whole; items also add one by one.
    let tags: Vec<String> = (1..=3).map(|n| format!("tag-{n}")).collect();
    let profile = shared(builder.set_tags(tags).tags("tag-4").labels("team", "math")).build();
    assert_eq!(profile.tags, ["tag-1", "tag-2", "tag-3", "tag-4"]);
    assert_eq!(profile.labels["team"], "math");
    assert_eq!(profile.nickname.as_deref(), Some("countess"));
    assert_eq!(profile.level, 1, "a member with a default needs no setter");
    assert_eq!(profile.string, 7);

    // Members named like the structure or its builder get parameters that
    // do not shadow those types.
    let echo = Echo::builder().echo_builder("builder").echo("echo").build();
    assert_eq!((echo.echo.as_str(), echo.echo_builder.as_str()), ("echo", "builder"));

    // Debug output of a builder redacts sensitive members.
    let debug = format!("{:?}", ProfileV1::builder().secret("s3cr3t"));
    assert!(!debug.contains("s3cr3t"), "{debug}");
}
