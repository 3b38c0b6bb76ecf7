// NB: a stand-in with the agreed API so the simulator builds while the real JQL target is written
// on its own branch; it is replaced when that branch lands.
public enum JQLMode: Sendable { case standard, dynamicWebhook }
public struct JQLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var offset: Int
    public var description: String { message }
    public func rendered(source: String, query: String) -> String { "error: \(message)\n --> \(source):\(line):\(column)" }
}
public struct JQLContext: Sendable {
    public var now: Double
    public var currentUser: String?
    public var groups: [String: [String]]
    public init(now: Double = 0, currentUser: String? = nil, groups: [String: [String]] = [:]) {
        self.now = now
        self.currentUser = currentUser
        self.groups = groups
    }
}
public enum JQLField: Hashable, Sendable {
    case project, issuetype, status, priority, assignee, reporter, summary, description, environment, comment, text
    case labels, components, fixVersions, affectedVersions, key, parent, created, updated, resolved, duedate
    case resolution, statusCategory, sprint, votes, watchers
    case custom(String)
    case property(String)
}
public enum JQLValue: Sendable { case empty, text(String), texts([String]), number(Double), date(Double) }
public struct JQLChange: Sendable {
    public var from: String?
    public var to: String?
    public var at: Double
    public var by: String?
    public init(from: String?, to: String?, at: Double, by: String?) {
        self.from = from
        self.to = to
        self.at = at
        self.by = by
    }
}
public protocol JQLIssue {
    func jqlValue(of field: JQLField) -> JQLValue
    func jqlHistory(of field: JQLField) -> [JQLChange]
}
extension JQLIssue {
    public func jqlHistory(of field: JQLField) -> [JQLChange] { [] }
}
public struct JQLQuery: Sendable {
    public var text: String
    public var matchesEverything: Bool { true }
    public static func parse(_ text: String, mode: JQLMode = .standard) throws(JQLError) -> JQLQuery { JQLQuery(text: text) }
    public func matches<I: JQLIssue>(_ issue: I, context: JQLContext) -> Bool { true }
}
