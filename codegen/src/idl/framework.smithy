// ingot's built-in copy of the `smithy.framework` validation shapes, which
// server frameworks return when a request violates a constraint trait and
// which models (such as the AWS protocol tests) list among operation errors.
$version: "2.0"

namespace smithy.framework

@error("client")
structure ValidationException {
    /// A summary of the validation failure.
    @required
    message: String

    /// The members that failed validation, when known.
    fieldList: ValidationExceptionFieldList
}

list ValidationExceptionFieldList {
    member: ValidationExceptionField
}

structure ValidationExceptionField {
    /// A JSONPointer expression to the member of the input that failed.
    @required
    path: String

    /// Why the member failed validation.
    @required
    message: String
}
