//! The Smithy IDL loader conformance suite: every valid model must load to
//! the model its JSON AST or flattened twin defines, every invalid model
//! must be rejected at the line the reference implementation names.

use ingot_codegen::idl::conformance;

#[test]
fn idl_conformance_suite_passes() {
    let Some(suite) = ingot_test_data::require("smithy/idl-tests", "IDL conformance suite") else {
        return;
    };
    let report = conformance::run(&suite);
    println!("{report}");
    assert!(
        report.valid.total > 0,
        "no valid models found in {}",
        suite.display()
    );
    assert!(
        report.invalid.total > 0,
        "no invalid models found in {}",
        suite.display()
    );
    assert!(report.passed(), "{report}");
}
