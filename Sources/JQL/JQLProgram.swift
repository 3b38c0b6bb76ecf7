/// The compiled form of a query: what the evaluator runs for every issue.
///
/// Everything that can be worked out without the issue is worked out here — field names resolved,
/// literals lowercased and parsed as numbers, dates and keys — so evaluating the common operators
/// only compares values.
indirect enum JQLProgram: Sendable {
    case all
    case and([JQLProgram])
    case or([JQLProgram])
    case not(JQLProgram)
    case test(JQLField, JQLMatcher)
}

/// What one clause checks of one field.
enum JQLMatcher: Sendable {
    /// `=`, `IN` (and, negated, `!=`, `NOT IN`, which never match an empty field).
    case equalsAny(JQLValueSet, negated: Bool)
    /// `IS EMPTY` (and, negated, `IS NOT EMPTY`).
    case isEmpty(negated: Bool)
    /// `<`, `<=`, `>`, `>=` against one value.
    case compare(JQLComparison, JQLLiteral)
    /// `~` (and, negated, `!~`); `text ~` searches several fields.
    case like(JQLTextQuery, negated: Bool, fields: [JQLField])
    /// `WAS`, `WAS IN` (and, negated, `WAS NOT`, `WAS NOT IN`).
    case was(JQLValueSet, [JQLHistoryPredicate], negated: Bool)
    /// `CHANGED` with its predicates.
    case changed([JQLHistoryPredicate])
}

/// An ordering operator.
enum JQLComparison: Sendable {
    case less, lessEquals, greater, greaterEquals

    /// Whether `order` (negative, zero, positive: issue value vs. literal) satisfies the operator.
    @inline(__always)
    func holds(_ order: Int) -> Bool {
        switch self {
        case .less: order < 0
        case .lessEquals: order <= 0
        case .greater: order > 0
        case .greaterEquals: order >= 0
        }
    }
}

/// A literal operand, pre-parsed every way the field might need it.
struct JQLLiteral: Sendable {
    /// The text, lowercased once here so evaluation never lowercases it again.
    var lower: String
    var number: Double?
    var date: JQLDateSpec?
    /// For issue keys: lowercase project key and issue number.
    var key: (project: String, number: Int)?
    /// For priorities: rank in Jira's default schemes (higher is more urgent).
    var rank: Int?
}

/// A set of operands: literals, EMPTY, and values only known at evaluation (`currentUser()`, `membersOf()`).
struct JQLValueSet: Sendable {
    var literals: [JQLLiteral] = []
    var includesEmpty = false
    var currentUser = false
    var groups: [String] = []
}

/// A date operand: fixed, relative to now, or a date function of now.
enum JQLDateSpec: Sendable {
    case absolute(Double)
    /// Seconds after (negative: before) the reference time.
    case relative(Double)
    /// `startOfDay(-1)`, `endOfMonth()`; the increment counts `incrementUnit`s (or seconds when `nil`).
    case boundary(JQLDate.Unit, end: Bool, increment: Int, incrementUnit: JQLDate.Unit?, seconds: Double)

    /// The instant this operand names when the reference time is `now`.
    func resolve(now: Double) -> Double {
        switch self {
        case .absolute(let t): return t
        case .relative(let offset): return now + offset
        case .boundary(let unit, let end, let increment, let incrementUnit, let seconds):
            var anchor = now
            if incrementUnit == unit { anchor = JQLDate.add(increment, unit, to: now) }
            var t = JQLDate.start(of: unit, containing: anchor)
            if end { t = JQLDate.add(1, unit, to: t) - 0.001 }
            if let incrementUnit, incrementUnit != unit { t = JQLDate.add(increment, incrementUnit, to: t) }
            return t + seconds
        }
    }
}

/// A `WAS`/`CHANGED` predicate with its operand compiled.
enum JQLHistoryPredicate: Sendable {
    case after(JQLDateSpec)
    case before(JQLDateSpec)
    case on(JQLDateSpec)
    case during(JQLDateSpec, JQLDateSpec)
    case by(JQLValueSet)
    case from(JQLValueSet)
    case to(JQLValueSet)
}
