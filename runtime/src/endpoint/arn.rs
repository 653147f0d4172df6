//! `aws.parseArn`: splits an Amazon Resource Name into its parts.

use super::value::Value;

/// Parses `arn:partition:service:region:account-id:resource`, or returns
/// `None`.
///
/// The partition, the service and the resource must not be empty; the
/// region and the account id may be. The resource id is the resource split
/// on both `:` and `/`, so `vpc/vpc-0e98` becomes `["vpc", "vpc-0e98"]`.
pub(super) fn parse_arn(text: &str) -> Option<Value> {
    let rest = text.strip_prefix("arn:")?;
    let mut parts = rest.splitn(5, ':');
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }

    let resource_id = resource
        .split([':', '/'])
        .map(|part| Value::string(part.to_owned()))
        .collect();
    Some(Value::Record(vec![
        ("partition", Value::string(partition.to_owned())),
        ("service", Value::string(service.to_owned())),
        ("region", Value::string(region.to_owned())),
        ("accountId", Value::string(account_id.to_owned())),
        ("resourceId", Value::Array(resource_id)),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(value: &'a Value, key: &str) -> &'a Value {
        match value {
            Value::Record(fields) => &fields.iter().find(|(name, _)| *name == key).expect(key).1,
            other => panic!("not a record: {other:?}"),
        }
    }

    fn strings(items: &[&str]) -> Value {
        Value::Array(
            items
                .iter()
                .map(|item| Value::string(item.to_string()))
                .collect(),
        )
    }

    #[test]
    fn parses_arns() {
        let arn = parse_arn("arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE")
            .expect("valid");
        assert_eq!(field(&arn, "partition"), &Value::string("aws"));
        assert_eq!(field(&arn, "service"), &Value::string("ec2"));
        assert_eq!(field(&arn, "region"), &Value::string("us-east-1"));
        assert_eq!(field(&arn, "accountId"), &Value::string("012345678910"));
        assert_eq!(
            field(&arn, "resourceId"),
            &strings(&["vpc", "vpc-0e9801d129EXAMPLE"])
        );
    }

    #[test]
    fn region_and_account_may_be_empty() {
        let arn = parse_arn("arn:aws:s3:::bucket_name").expect("valid");
        assert_eq!(field(&arn, "region"), &Value::string(""));
        assert_eq!(field(&arn, "accountId"), &Value::string(""));
        assert_eq!(field(&arn, "resourceId"), &strings(&["bucket_name"]));
    }

    #[test]
    fn resource_keeps_later_colons() {
        let arn =
            parse_arn("arn:aws:s3:us-west-2:123456789012:accesspoint:my/end:point").expect("valid");
        assert_eq!(
            field(&arn, "resourceId"),
            &strings(&["accesspoint", "my", "end", "point"])
        );
    }

    #[test]
    fn rejects_invalid_arns() {
        for text in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:s3:us-west-2:123456789012:",
            "arn::s3:us-west-2:123456789012:thing",
            "arn:aws::us-west-2:123456789012:thing",
            "arn:aws:s3:us-west-2",
            "ARN:aws:s3:::bucket",
        ] {
            assert_eq!(parse_arn(text), None, "{text}");
        }
    }
}
