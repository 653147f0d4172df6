// A nested builder that misses a member fails where it is built, even
// when the operation's own members are all set.

use builders::types::ProfileV1;
use builders::{Client, Config};

fn main() {
    let client = Client::new(&Config::builder().region("us-east-1").build());
    let _request = client
        .register()
        .account("acme")
        .profile(ProfileV1::builder().name("ada").tags("a").labels("k", "v").string(1).build())
        .send();
}
