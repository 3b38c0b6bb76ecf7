/// What a query is evaluated against besides the issue: the time and the person asking.
///
/// The simulator passes the event's time as `now`, never the wall clock, so relative dates
/// (`created > -7d`, `startOfDay()`) give the same answer on every run.
public struct JQLContext: Sendable {
    /// Reference time in seconds since 1970-01-01T00:00:00Z.
    public var now: Double
    /// The user `currentUser()` names; `nil` (anonymous) makes `currentUser()` match nobody.
    public var currentUser: String?
    /// Group name → member user names, for `membersOf("group")`.
    public var groups: [String: [String]]

    public init(now: Double = 0, currentUser: String? = nil, groups: [String: [String]] = [:]) {
        self.now = now
        self.currentUser = currentUser
        self.groups = groups
    }
}
