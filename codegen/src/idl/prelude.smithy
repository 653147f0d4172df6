// ingot's built-in Smithy 2.0 prelude: the shapes of the `smithy.api`
// namespace that every model may refer to by relative name, and the trait
// shapes the specification defines there, with their members.
//
// NOTE: trait selectors, conflicts and documentation are left out: ingot
// does not validate where traits are applied, and reads trait shapes only
// to resolve trait names and to give annotation traits their empty value.
$version: "2.0"

namespace smithy.api

// ---- Simple shapes ----

string String

blob Blob

bigInteger BigInteger

bigDecimal BigDecimal

timestamp Timestamp

document Document

boolean Boolean

byte Byte

short Short

integer Integer

long Long

float Float

double Double

// The deprecated primitive shapes are the simple ones with a zero default.
@default(false)
boolean PrimitiveBoolean

@default(0)
byte PrimitiveByte

@default(0)
short PrimitiveShort

@default(0)
integer PrimitiveInteger

@default(0)
long PrimitiveLong

@default(0)
float PrimitiveFloat

@default(0)
double PrimitiveDouble

// Unit is the empty structure that means "no input" or "no value".
@unitType
structure Unit {}

// ---- Traits that define traits, protocols and authentication ----

@trait
structure trait {
    selector: String
    structurallyExclusive: StructurallyExclusive
    conflicts: NonEmptyStringList
    breakingChanges: TraitDiffRules
}

@private
list TraitDiffRules {
    member: TraitDiffRule
}

@private
structure TraitDiffRule {
    path: String
    @required
    change: TraitChangeType
    severity: Severity = "ERROR"
    message: String
}

@private
enum TraitChangeType {
    UPDATE = "update"
    ADD = "add"
    REMOVE = "remove"
    PRESENCE = "presence"
    ANY = "any"
}

@private
enum Severity {
    NOTE
    WARNING
    DANGER
    ERROR
}

@private
enum StructurallyExclusive {
    MEMBER = "member"
    TARGET = "target"
}

@trait
map traitValidators {
    key: String
    value: TraitValidator
}

@private
structure TraitValidator {
    @required
    selector: String
    message: String
    severity: Severity = "ERROR"
}

@trait
structure protocolDefinition {
    traits: TraitShapeIdList
    noInlineDocumentSupport: Boolean
}

@trait
structure authDefinition {
    traits: TraitShapeIdList
}

@private
list TraitShapeIdList {
    member: TraitShapeId
}

@private
@idRef(failWhenMissing: true)
string TraitShapeId

@trait
@uniqueItems
list auth {
    member: AuthTraitReference
}

@private
@idRef
string AuthTraitReference

@trait
structure optionalAuth {}

@trait
@authDefinition
structure httpBasicAuth {}

@trait
@authDefinition
structure httpDigestAuth {}

@trait
@authDefinition
structure httpBearerAuth {}

@trait
@authDefinition
structure httpApiKeyAuth {
    @required
    name: NonEmptyString
    @required
    in: HttpApiKeyLocations
    scheme: NonEmptyString
}

@private
enum HttpApiKeyLocations {
    HEADER = "header"
    QUERY = "query"
}

// ---- Documentation and metadata traits ----

@trait
string documentation

@trait
map externalDocumentation {
    key: NonEmptyString
    value: NonEmptyString
}

@trait
structure deprecated {
    message: String
    since: String
}

@trait
list examples {
    member: Example
}

@private
structure Example {
    @required
    title: String
    documentation: String
    input: Document
    output: Document
    error: ExampleError
    allowConstraintErrors: Boolean
}

@private
structure ExampleError {
    shapeId: String
    content: Document
}

@trait
structure internal {}

@trait
structure private {}

@trait
structure sensitive {}

@trait
string since

@trait
list tags {
    member: String
}

@trait
string title

@trait
structure unstable {}

@trait
structure recommended {
    reason: String
}

@trait
list suppress {
    member: String
}

@trait
structure metadata {
    @required
    key: String
}

@trait
structure unitType {}

@trait
structure mixin {
    localTraits: LocalMixinTraitList
}

@private
list LocalMixinTraitList {
    member: LocalMixinTrait
}

@private
@idRef(failWhenMissing: true)
string LocalMixinTrait

// ---- Type refinement traits ----

@trait
structure box {}

@trait
document default

@trait
structure addedDefault {}

@trait
structure clientOptional {}

@trait
enum error {
    CLIENT = "client"
    SERVER = "server"
}

@trait
structure input {}

@trait
structure output {}

@trait
structure sparse {}

@trait
structure idRef {
    selector: String = "*"
    failWhenMissing: Boolean
    errorMessage: String
}

@trait
enum timestampFormat {
    DATE_TIME = "date-time"
    EPOCH_SECONDS = "epoch-seconds"
    HTTP_DATE = "http-date"
}

@trait
string mediaType

// ---- Constraint traits ----

@trait
@length(min: 1)
list enum {
    member: EnumDefinition
}

@private
structure EnumDefinition {
    @required
    value: NonEmptyString
    name: EnumConstantBodyName
    documentation: String
    tags: NonEmptyStringList
    deprecated: Boolean
}

@private
@pattern("^[a-zA-Z_]+[a-zA-Z_0-9]*$")
string EnumConstantBodyName

@trait
document enumValue

@trait
structure length {
    min: Long
    max: Long
}

@trait
string pattern

@trait
structure range {
    min: BigDecimal
    max: BigDecimal
}

@trait
structure required {}

@trait
structure uniqueItems {}

// ---- Behavior traits ----

@trait
structure idempotencyToken {}

@trait
structure idempotent {}

@trait
structure readonly {}

@trait
structure retryable {
    throttling: Boolean
}

@trait
structure paginated {
    inputToken: NonEmptyString
    outputToken: NonEmptyString
    items: NonEmptyString
    pageSize: NonEmptyString
}

@trait
structure requestCompression {
    @required
    encodings: RequestCompressionEncodingsList
}

@private
list RequestCompressionEncodingsList {
    member: String
}

// ---- Resource traits ----

@trait
structure noReplace {}

@trait
list references {
    member: Reference
}

@private
structure Reference {
    @required
    resource: NonEmptyString
    ids: NonEmptyStringMap
    service: NonEmptyString
    rel: NonEmptyString
}

@trait
string resourceIdentifier

@trait
structure property {
    name: String
}

@trait
structure notProperty {}

@trait
structure nestedProperties {}

// ---- Protocol traits ----

@trait
string jsonName

@trait
structure xmlAttribute {}

@trait
structure xmlFlattened {}

@trait
string xmlName

@trait
structure xmlNamespace {
    @required
    uri: NonEmptyString
    prefix: NonEmptyString
}

// ---- Streaming traits ----

@trait
structure streaming {}

@trait
structure requiresLength {}

@trait
structure eventHeader {}

@trait
structure eventPayload {}

// ---- HTTP binding traits ----

@trait
structure http {
    @required
    method: NonEmptyString
    @required
    uri: NonEmptyString
    @range(min: 100, max: 999)
    code: Integer = 200
}

@trait
integer httpError

@trait
string httpHeader

@trait
structure httpLabel {}

@trait
structure httpPayload {}

@trait
string httpPrefixHeaders

@trait
string httpQuery

@trait
structure httpQueryParams {}

@trait
structure httpResponseCode {}

@trait
structure httpChecksumRequired {}

@trait
structure cors {
    origin: NonEmptyString = "*"
    maxAge: Integer = 600
    additionalAllowedHeaders: NonEmptyStringList
    additionalExposedHeaders: NonEmptyStringList
}

// ---- Endpoint traits ----

@trait
structure endpoint {
    @required
    hostPrefix: NonEmptyString
}

@trait
structure hostLabel {}

@trait
structure longPoll {
    @required
    timeoutMillis: Integer
}

// ---- Shapes the trait definitions share ----

@private
@length(min: 1)
string NonEmptyString

@private
list NonEmptyStringList {
    member: NonEmptyString
}

@private
map NonEmptyStringMap {
    key: NonEmptyString
    value: NonEmptyString
}
