// A structure with several required members: each one left out gets its
// own message, here a list and a map.

use builders::types::ProfileV1;

fn main() {
    let _profile = ProfileV1::builder()
        .name("ada")
        .secret("s3cr3t")
        .string(3)
        .build();
}
