//! The AWS partitions that the `aws.partition` function returns: each
//! partition's regions, the pattern of its region names, and its DNS
//! suffixes and capabilities.
//!
//! The table follows version 1.1 of the partitions data that the Smithy AWS
//! rules engine publishes. Region names are matched by hand instead of with
//! a regular expression engine: every pattern has the form
//! `^<prefix>(<alternatives>)\-\w+\-\d+$`, and the `regex` crate would be the
//! largest dependency of the runtime for that.

use std::borrow::Cow;

use super::value::Value;

/// One AWS partition.
#[derive(Clone, Debug)]
pub struct Partition {
    /// The partition id, such as `aws-cn`.
    pub id: &'static str,
    /// The pattern that region names of the partition match.
    pub region_pattern: RegionPattern,
    /// The regions that belong to the partition whatever their name, such
    /// as `aws-global`.
    pub regions: &'static [&'static str],
    /// The attributes that `aws.partition` returns for a region of the
    /// partition.
    pub outputs: PartitionOutputs,
}

/// The attributes of a partition that rules read with `getAttr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionOutputs {
    /// The partition's name, such as `aws`.
    pub name: &'static str,
    /// The DNS suffix of its endpoints, such as `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// The DNS suffix of its dual-stack (IPv4 and IPv6) endpoints.
    pub dual_stack_dns_suffix: &'static str,
    /// Whether the partition has FIPS endpoints.
    pub supports_fips: bool,
    /// Whether the partition has dual-stack endpoints.
    pub supports_dual_stack: bool,
    /// The region that global endpoints of the partition sign for.
    pub implicit_global_region: &'static str,
}

impl PartitionOutputs {
    /// Returns the attribute `key` under its rules-engine name.
    pub(super) fn attribute(&self, key: &str) -> Option<Value> {
        let text = |value: &'static str| Some(Value::String(Cow::Borrowed(value)));
        match key {
            "name" => text(self.name),
            "dnsSuffix" => text(self.dns_suffix),
            "dualStackDnsSuffix" => text(self.dual_stack_dns_suffix),
            "supportsFIPS" => Some(Value::Bool(self.supports_fips)),
            "supportsDualStack" => Some(Value::Bool(self.supports_dual_stack)),
            "implicitGlobalRegion" => text(self.implicit_global_region),
            _ => None,
        }
    }
}

/// The region names `^<prefix>(<alternatives>)\-\w+\-\d+$`, where `\w` is
/// an ASCII letter, digit or underscore. With no alternatives, the group is
/// left out.
#[derive(Clone, Debug)]
pub struct RegionPattern {
    /// The literal start of the name, such as `us-gov`.
    pub prefix: &'static str,
    /// The words of which one follows the prefix, such as `us` and `eu`.
    pub alternatives: &'static [&'static str],
}

impl RegionPattern {
    /// Returns whether `region` matches the pattern.
    pub fn matches(&self, region: &str) -> bool {
        let Some(rest) = region.strip_prefix(self.prefix) else {
            return false;
        };
        if self.alternatives.is_empty() {
            return matches_tail(rest);
        }
        self.alternatives
            .iter()
            .any(|alternative| rest.strip_prefix(alternative).is_some_and(matches_tail))
    }

    /// Returns the pattern written as a regular expression, in the form the
    /// published partitions data uses.
    pub fn to_regex(&self) -> String {
        let mut regex = String::from("^");
        regex.push_str(&self.prefix.replace('-', "\\-"));
        if !self.alternatives.is_empty() {
            regex.push('(');
            regex.push_str(&self.alternatives.join("|"));
            regex.push(')');
        }
        regex.push_str("\\-\\w+\\-\\d+$");
        regex
    }
}

/// Returns whether `text` is `-<word>-<digits>`.
fn matches_tail(text: &str) -> bool {
    let Some(text) = text.strip_prefix('-') else {
        return false;
    };
    let Some((word, digits)) = text.rsplit_once('-') else {
        return false;
    };
    let is_word_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    !word.is_empty()
        && word.bytes().all(is_word_char)
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Returns every partition, in the order in which region patterns are tried.
pub fn all() -> &'static [Partition] {
    &PARTITIONS
}

/// Returns the partition of `region` in this runtime's table; see
/// [`find_in`].
pub fn find(region: &str) -> &'static Partition {
    // The built-in table is not empty, so `find_in` always finds one.
    find_in(&PARTITIONS, region).unwrap_or(&PARTITIONS[0])
}

/// Returns the partition of `region` in `partitions`: the partition that
/// lists it, else the first whose pattern it matches, else `aws`, so that
/// a region newer than the table still resolves to the commercial
/// partition. Returns `None` only when `partitions` has neither a match
/// nor `aws`.
pub fn find_in<'p>(partitions: &'p [Partition], region: &str) -> Option<&'p Partition> {
    partitions
        .iter()
        .find(|partition| partition.regions.contains(&region))
        .or_else(|| {
            partitions
                .iter()
                .find(|partition| partition.region_pattern.matches(region))
        })
        .or_else(|| partitions.iter().find(|partition| partition.id == "aws"))
}

const PARTITIONS: [Partition; 8] = [
    Partition {
        id: "aws",
        region_pattern: RegionPattern {
            prefix: "",
            alternatives: &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
        },
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "mx-central-1",
            "sa-east-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "aws-global",
        ],
        outputs: PartitionOutputs {
            name: "aws",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-east-1",
        },
    },
    Partition {
        id: "aws-us-gov",
        region_pattern: RegionPattern {
            prefix: "us-gov",
            alternatives: &[],
        },
        regions: &["us-gov-west-1", "us-gov-east-1", "aws-us-gov-global"],
        outputs: PartitionOutputs {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-gov-west-1",
        },
    },
    Partition {
        id: "aws-cn",
        region_pattern: RegionPattern {
            prefix: "cn",
            alternatives: &[],
        },
        regions: &["cn-north-1", "cn-northwest-1", "aws-cn-global"],
        outputs: PartitionOutputs {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "cn-northwest-1",
        },
    },
    Partition {
        id: "aws-iso",
        region_pattern: RegionPattern {
            prefix: "us-iso",
            alternatives: &[],
        },
        regions: &["us-iso-east-1", "us-iso-west-1", "aws-iso-global"],
        outputs: PartitionOutputs {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "api.aws.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-iso-east-1",
        },
    },
    Partition {
        id: "aws-iso-b",
        region_pattern: RegionPattern {
            prefix: "us-isob",
            alternatives: &[],
        },
        regions: &["us-isob-east-1", "aws-iso-b-global"],
        outputs: PartitionOutputs {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "api.aws.scloud",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isob-east-1",
        },
    },
    Partition {
        id: "aws-iso-e",
        region_pattern: RegionPattern {
            prefix: "eu-isoe",
            alternatives: &[],
        },
        regions: &[],
        outputs: PartitionOutputs {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eu-isoe-west-1",
        },
    },
    Partition {
        id: "aws-iso-f",
        region_pattern: RegionPattern {
            prefix: "us-isof",
            alternatives: &[],
        },
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        outputs: PartitionOutputs {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "api.aws.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isof-south-1",
        },
    },
    Partition {
        id: "aws-eusc",
        region_pattern: RegionPattern {
            prefix: "eusc-",
            alternatives: &["de"],
        },
        regions: &["eusc-de-east-1"],
        outputs: PartitionOutputs {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "api.amazonwebservices.eu",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eusc-de-east-1",
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_matches_regions() {
        let aws = &PARTITIONS[0].region_pattern;
        assert!(aws.matches("us-east-1"));
        assert!(aws.matches("eu-central-10"));
        assert!(!aws.matches("ap_x-south_2-3"));
        assert!(!aws.matches("us-gov-west-1"));
        assert!(!aws.matches("us-east-"));
        assert!(!aws.matches("us--1"));
        assert!(!aws.matches("xx-east-1"));
        assert!(!aws.matches("us-east-1a"));

        let eusc = &PARTITIONS[7].region_pattern;
        assert!(eusc.matches("eusc-de-east-2"));
        assert!(!eusc.matches("eusc-fr-east-1"));
    }

    #[test]
    fn find_prefers_listed_regions() {
        assert_eq!(find("aws-global").id, "aws");
        assert_eq!(find("aws-us-gov-global").id, "aws-us-gov");
        assert_eq!(find("us-gov-west-9").id, "aws-us-gov");
        assert_eq!(find("us-isob-west-3").id, "aws-iso-b");
        assert_eq!(find("eu-isoe-west-1").id, "aws-iso-e");
        assert_eq!(find("cn-south-7").id, "aws-cn");
    }

    #[test]
    fn find_falls_back_to_aws() {
        assert_eq!(find("mars-central-1").id, "aws");
        assert_eq!(find("").id, "aws");
    }

    #[test]
    fn regex_text() {
        assert_eq!(
            PARTITIONS[0].region_pattern.to_regex(),
            "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$"
        );
        assert_eq!(
            PARTITIONS[1].region_pattern.to_regex(),
            "^us\\-gov\\-\\w+\\-\\d+$"
        );
        assert_eq!(
            PARTITIONS[7].region_pattern.to_regex(),
            "^eusc\\-(de)\\-\\w+\\-\\d+$"
        );
    }
}
