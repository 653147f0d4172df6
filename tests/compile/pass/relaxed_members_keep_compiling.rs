// ProfileV1 requires its members; ProfileV2 is the same structure from a
// later model that requires none. The same caller code must compile
// against both, so relaxing a member breaks no one.

use std::collections::HashMap;

macro_rules! caller {
    ($profile:ident) => {{
        let tags = vec![String::from("a"), String::from("b")];
        let labels = HashMap::from([(String::from("k"), String::from("v"))]);
        builders::types::$profile::builder()
            .name("ada")
            .set_tags(tags)
            .tags("c")
            .set_labels(labels)
            .secret("s3cr3t")
            .string(3)
            .level(2)
            .set_nickname(None)
            .build()
    }};
}

fn main() {
    let strict = caller!(ProfileV1);
    let relaxed = caller!(ProfileV2);

    assert_eq!(strict.tags, ["a", "b", "c"]);
    assert_eq!(relaxed.tags.as_deref(), Some(&["a".to_string(), "b".into(), "c".into()][..]));
    assert_eq!(strict.string, 3);
    assert_eq!(relaxed.string, Some(3));
    assert_eq!(relaxed.nickname, None);
}
