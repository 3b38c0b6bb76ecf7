import JQL

/// Issues read from a JSON file for `hooksim jql --issues FILE`.
///
/// The file is a JSON array of `{"key": "WEB-1", "fields": {…}, "history": {…}}`. Field names resolve as
/// in JQL (`type`, `cf[10010]`, `Story Points`); strings in date fields are ISO 8601 timestamps or JQL
/// dates. Errors carry a line and column so they render like query errors, caret and all.
///
/// Read with HookSim's one JSON reader (`JSON5`, a superset of JSON), which keeps each value's place.
struct JQLIssueFile {
    /// One issue of the file, in the shape the evaluator asks for.
    struct Issue: JQLIssue {
        var key: String
        var values: [JQLField: JQLValue]
        var history: [JQLField: [JQLChange]]

        func jqlValue(of field: JQLField) -> JQLValue { field == .key ? .text(key) : values[field] ?? .empty }
        func jqlHistory(of field: JQLField) -> [JQLChange] { history[field] ?? [] }
    }

    var issues: [Issue]
    /// The latest `created` or `updated` time in the file: the default reference time for relative dates.
    var latestTime: Double?

    /// Reads the file.
    /// - Throws: `JQLError` positioned in the file's text (not the query's).
    init(bytes: [UInt8]) throws(JQLError) {
        let root: JSON5Value
        do { root = try JSON5.parse(bytes: bytes, paths: false) } catch {
            throw JQLError(message: error.message, line: error.position.line, column: error.position.column, offset: 0)
        }
        guard case .array(let elements) = root.kind else {
            throw Self.error(
                "expected a JSON array of issues, e.g. [{\"key\": \"WEB-1\", \"fields\": {…}}]", at: root)
        }
        issues = []
        for element in elements {
            let issue = try Self.issue(element)
            for field in [JQLField.created, .updated] {
                if case .date(let t) = issue.values[field] ?? .empty { latestTime = max(latestTime ?? t, t) }
            }
            issues.append(issue)
        }
    }

    /// An error at a value of the file.
    ///
    /// NB: offset 0: an issues file's errors are rendered by line and column (`JQLError.rendered`);
    /// the offset only places errors inside a query.
    private static func error(_ message: String, at node: JSON5Value) -> JQLError {
        JQLError(message: message, line: node.line, column: node.column, offset: 0)
    }

    private static func issue(_ node: JSON5Value) throws(JQLError) -> Issue {
        guard case .object(let members) = node.kind else {
            throw error("expected an issue object with \"key\" and \"fields\"", at: node)
        }
        var key: String?
        var values: [JQLField: JQLValue] = [:]
        var history: [JQLField: [JQLChange]] = [:]
        for member in members {
            let (name, value) = (member.key, member.value)
            switch name {
            case "key":
                guard case .string(let string) = value.kind, case let text = string.value, !text.isEmpty else {
                    throw error("\"key\" must be a non-empty string such as \"WEB-1\"", at: value)
                }
                key = text
            case "fields":
                guard case .object(let fields) = value.kind else {
                    throw error("\"fields\" must be an object of field name → value", at: value)
                }
                for f in fields {
                    let field = JQLField.named(f.key)
                    values[field] = try Self.value(f.value, field: field, name: f.key)
                }
            case "history":
                guard case .object(let fields) = value.kind else {
                    throw error("\"history\" must be an object of field name → list of changes", at: value)
                }
                for f in fields { history[JQLField.named(f.key)] = try Self.changes(f.value) }
            default:
                throw error(
                    "unknown issue member \"\(name)\"; expected \"key\", \"fields\" or \"history\"", at: value)
            }
        }
        guard let key else { throw error("the issue has no \"key\"", at: node) }
        return Issue(key: key, values: values, history: history)
    }

    private static func value(
        _ node: JSON5Value, field: JQLField, name: String
    ) throws(JQLError) -> JQLValue {
        let isDate = [JQLField.created, .updated, .resolved, .duedate].contains(field)
        switch node.kind {
        case .null: return .empty
        case .bool(let b): return .text(b ? "true" : "false")
        case .number(let n): return .number(n.value)
        case .string(let string):
            let s = string.value
            guard isDate else { return .text(s) }
            guard let t = JQLValue.timestamp(s) else {
                throw error(
                    "\"\(name)\" must be a date such as \"2026-01-10T09:00:00Z\" or \"2026-01-10\"", at: node)
            }
            return .date(t)
        case .array(let items):
            var texts: [String] = []
            for item in items {
                switch item.kind {
                case .string(let s): texts.append(s.value)
                case .number(let number):
                    let n = number.value
                    texts.append(n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n))
                default: throw error("values of \"\(name)\" must be strings", at: item)
                }
            }
            return .texts(texts)
        case .object:
            throw error("\"\(name)\" cannot be an object; give a string, number, list or null", at: node)
        }
    }

    private static func changes(_ node: JSON5Value) throws(JQLError) -> [JQLChange] {
        guard case .array(let items) = node.kind else {
            throw error(
                "a history must be a list of {\"from\", \"to\", \"at\", \"by\"} changes", at: node)
        }
        var result: [JQLChange] = []
        for item in items {
            guard case .object(let members) = item.kind else {
                throw error(
                    "a change must be an object with \"from\", \"to\", \"at\" and \"by\"", at: item)
            }
            var change = JQLChange(from: nil, to: nil, at: 0)
            var sawTime = false
            for member in members {
                let (name, value) = (member.key, member.value)
                var text: String?
                switch value.kind {
                case .string(let s): text = s.value
                case .null: text = nil
                default: throw error("\"\(name)\" of a change must be a string or null", at: value)
                }
                switch name {
                case "from": change.from = text
                case "to": change.to = text
                case "by": change.by = text
                case "at":
                    guard let text, let t = JQLValue.timestamp(text) else {
                        throw error("\"at\" must be a time such as \"2026-01-12T10:00:00Z\"", at: value)
                    }
                    change.at = t
                    sawTime = true
                default: throw error("unknown change member \"\(name)\"", at: value)
                }
            }
            guard sawTime else { throw error("the change has no \"at\" time", at: item) }
            result.append(change)
        }
        return result
    }
}
