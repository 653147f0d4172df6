//! Host name checks: `isValidHostLabel` and
//! `aws.isVirtualHostableS3Bucket`.

/// Returns whether `value` is a host label as RFC 1123 defines it: 1 to 63
/// ASCII letters, digits and hyphens, neither starting nor ending with a
/// hyphen. With `allow_subdomains`, `value` may be several such labels
/// joined by dots.
pub(super) fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_single_label)
    } else {
        is_single_label(value)
    }
}

fn is_single_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Returns whether `bucket` can be the first labels of a virtual-hosted S3
/// host name: 3 to 63 lower-case letters, digits and hyphens, each label a
/// valid host label, and not an IPv4 address. With `allow_subdomains`,
/// dots may separate labels.
pub(super) fn is_virtual_hostable_s3_bucket(bucket: &str, allow_subdomains: bool) -> bool {
    (3..=63).contains(&bucket.len())
        && is_valid_host_label(bucket, allow_subdomains)
        && !bucket.bytes().any(|b| b.is_ascii_uppercase())
        && !is_ipv4(bucket)
}

/// Returns whether `text` is a dotted-decimal IPv4 address such as
/// `192.168.0.1`.
pub(super) fn is_ipv4(text: &str) -> bool {
    let mut count = 0;
    for part in text.split('.') {
        count += 1;
        let is_octet = (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse::<u16>().is_ok_and(|octet| octet <= 255);
        if !is_octet {
            return false;
        }
    }
    count == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("3aws4", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("abc-", false));
        assert!(!is_valid_host_label("part1 part2", false));
        assert!(!is_valid_host_label("part1.part2", false));
        assert!(!is_valid_host_label("ü", false));
    }

    #[test]
    fn host_labels_with_subdomains() {
        assert!(is_valid_host_label("part1.part2", true));
        assert!(!is_valid_host_label("part1.", true));
        assert!(!is_valid_host_label("part1..part2", true));
        assert!(!is_valid_host_label("part1.-part2", true));
        assert!(!is_valid_host_label("", true));
    }

    #[test]
    fn virtual_hostable_buckets() {
        assert!(is_virtual_hostable_s3_bucket("my-bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket("My-Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("192.168.0.1", true));
        assert!(!is_virtual_hostable_s3_bucket("my..bucket", true));
    }

    #[test]
    fn ipv4_addresses() {
        assert!(is_ipv4("127.0.0.1"));
        assert!(is_ipv4("255.255.255.255"));
        assert!(!is_ipv4("256.0.0.1"));
        assert!(!is_ipv4("1.2.3"));
        assert!(!is_ipv4("1.2.3.4.5"));
        assert!(!is_ipv4("999.999.abc.blah"));
        assert!(!is_ipv4("1.2.3."));
    }
}
