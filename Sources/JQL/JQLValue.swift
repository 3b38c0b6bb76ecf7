/// The value an issue holds in one field, as the evaluator sees it.
///
/// Kept to five shapes so that an issue adapter is trivial to write and the evaluator can
/// switch over it without allocating.
public enum JQLValue: Sendable, Equatable {
    /// The field has no value (unassigned, no labels, no due date).
    case empty
    /// One text value: a name, key, user, or free text.
    case text(String)
    /// Several values of a multi-valued field (labels, components, versions, comments),
    /// or several names for one thing (a project's key and its name).
    case texts([String])
    /// A numeric value (votes, story points).
    case number(Double)
    /// An instant, in seconds since 1970-01-01T00:00:00Z.
    case date(Double)
}

/// One change of a field, from an issue's change history; used by `WAS` and `CHANGED`.
public struct JQLChange: Sendable, Equatable {
    /// The value before the change; `nil` when it was empty.
    public var from: String?
    /// The value after the change; `nil` when it became empty.
    public var to: String?
    /// When the change happened, in seconds since 1970.
    public var at: Double
    /// Who made the change, if known.
    public var by: String?

    public init(from: String?, to: String?, at: Double, by: String? = nil) {
        self.from = from
        self.to = to
        self.at = at
        self.by = by
    }
}

/// Anything a query can be matched against.
///
/// The evaluator asks only for the fields a query names, so an adapter may compute values lazily.
public protocol JQLIssue {
    /// The current value of `field`; `.empty` for a field the issue does not have.
    func jqlValue(of field: JQLField) -> JQLValue
    /// The changes of `field`, oldest first; empty when no history is known.
    func jqlHistory(of field: JQLField) -> [JQLChange]
}

extension JQLIssue {
    /// No history: `WAS` then looks at the current value only and `CHANGED` never matches.
    public func jqlHistory(of field: JQLField) -> [JQLChange] { [] }
}

extension JQLValue {
    /// Parses a timestamp as issue data gives it: ISO 8601 (`2026-01-10T09:00:00Z`, with optional fraction
    /// and offset) or a JQL date (`2026-01-10`, `2026/01/10 09:00`), all UTC unless an offset says otherwise.
    /// - Returns: seconds since 1970, or `nil` when the text is neither.
    public static func timestamp(_ text: String) -> Double? {
        JQLDate.iso8601(text) ?? JQLDate.absolute(text)
    }
}
