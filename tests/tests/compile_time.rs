//! Compile-time checks of the generated builders. Code that leaves out a
//! required member must not compile, with a message that names the member
//! (the `.stderr` files beside each case); ordinary uses of builders must
//! compile and run.

#[test]
fn builders_check_required_members_at_compile_time() {
    let cases = trybuild::TestCases::new();
    cases.pass("compile/pass/*.rs");
    cases.compile_fail("compile/fail/*.rs");
}
