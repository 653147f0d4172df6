//! Compile-time checks of the generated builders. Code that leaves out a
//! required member must not compile, and the message must name the member,
//! as the `.stderr` file beside each case shows. Ordinary uses of builders
//! must compile and run.

#[test]
fn builders_check_required_members_at_compile_time() {
    let cases = trybuild::TestCases::new();
    cases.pass("compile/pass/*.rs");
    cases.compile_fail("compile/fail/*.rs");
}
