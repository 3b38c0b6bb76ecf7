import JQL

/// Issues read from a JSON file for `hooksim jql --issues FILE`.
///
/// The file is a JSON array of `{"key": "WEB-1", "fields": {…}, "history": {…}}`. Field names resolve as
/// in JQL (`type`, `cf[10010]`, `Story Points`); strings in date fields are ISO 8601 timestamps or JQL
/// dates. Errors carry a line and column so they render like query errors, caret and all.
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
        var reader = JQLIssueFileReader(bytes: bytes)
        let root = try reader.document()
        guard case .array(let elements) = root.value else {
            throw reader.error(
                "expected a JSON array of issues, e.g. [{\"key\": \"WEB-1\", \"fields\": {…}}]", at: root.offset)
        }
        issues = []
        for element in elements {
            let issue = try Self.issue(element, reader)
            for field in [JQLField.created, .updated] {
                if case .date(let t) = issue.values[field] ?? .empty { latestTime = max(latestTime ?? t, t) }
            }
            issues.append(issue)
        }
    }

    private static func issue(_ node: JQLIssueFileReader.Node, _ reader: JQLIssueFileReader) throws(JQLError) -> Issue {
        guard case .object(let members) = node.value else {
            throw reader.error("expected an issue object with \"key\" and \"fields\"", at: node.offset)
        }
        var key: String?
        var values: [JQLField: JQLValue] = [:]
        var history: [JQLField: [JQLChange]] = [:]
        for (name, value) in members {
            switch name {
            case "key":
                guard case .string(let text) = value.value, !text.isEmpty else {
                    throw reader.error("\"key\" must be a non-empty string such as \"WEB-1\"", at: value.offset)
                }
                key = text
            case "fields":
                guard case .object(let fields) = value.value else {
                    throw reader.error("\"fields\" must be an object of field name → value", at: value.offset)
                }
                for (fieldName, fieldValue) in fields {
                    let field = JQLField.named(fieldName)
                    values[field] = try Self.value(fieldValue, field: field, name: fieldName, reader)
                }
            case "history":
                guard case .object(let fields) = value.value else {
                    throw reader.error(
                        "\"history\" must be an object of field name → list of changes", at: value.offset)
                }
                for (fieldName, changes) in fields {
                    history[JQLField.named(fieldName)] = try Self.changes(changes, reader)
                }
            default:
                throw reader.error(
                    "unknown issue member \"\(name)\"; expected \"key\", \"fields\" or \"history\"", at: value.offset)
            }
        }
        guard let key else { throw reader.error("the issue has no \"key\"", at: node.offset) }
        return Issue(key: key, values: values, history: history)
    }

    private static func value(
        _ node: JQLIssueFileReader.Node, field: JQLField, name: String, _ reader: JQLIssueFileReader
    ) throws(JQLError) -> JQLValue {
        let isDate = [JQLField.created, .updated, .resolved, .duedate].contains(field)
        switch node.value {
        case .null: return .empty
        case .bool(let b): return .text(b ? "true" : "false")
        case .number(let n): return .number(n)
        case .string(let s):
            guard isDate else { return .text(s) }
            guard let t = JQLValue.timestamp(s) else {
                throw reader.error(
                    "\"\(name)\" must be a date such as \"2026-01-10T09:00:00Z\" or \"2026-01-10\"", at: node.offset)
            }
            return .date(t)
        case .array(let items):
            var texts: [String] = []
            for item in items {
                switch item.value {
                case .string(let s): texts.append(s)
                case .number(let n): texts.append(n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n))
                default: throw reader.error("values of \"\(name)\" must be strings", at: item.offset)
                }
            }
            return .texts(texts)
        case .object:
            throw reader.error("\"\(name)\" cannot be an object; give a string, number, list or null", at: node.offset)
        }
    }

    private static func changes(_ node: JQLIssueFileReader.Node, _ reader: JQLIssueFileReader) throws(JQLError)
        -> [JQLChange]
    {
        guard case .array(let items) = node.value else {
            throw reader.error(
                "a history must be a list of {\"from\", \"to\", \"at\", \"by\"} changes", at: node.offset)
        }
        var result: [JQLChange] = []
        for item in items {
            guard case .object(let members) = item.value else {
                throw reader.error(
                    "a change must be an object with \"from\", \"to\", \"at\" and \"by\"", at: item.offset)
            }
            var change = JQLChange(from: nil, to: nil, at: 0)
            var sawTime = false
            for (name, value) in members {
                var text: String?
                switch value.value {
                case .string(let s): text = s
                case .null: text = nil
                default: throw reader.error("\"\(name)\" of a change must be a string or null", at: value.offset)
                }
                switch name {
                case "from": change.from = text
                case "to": change.to = text
                case "by": change.by = text
                case "at":
                    guard let text, let t = JQLValue.timestamp(text) else {
                        throw reader.error("\"at\" must be a time such as \"2026-01-12T10:00:00Z\"", at: value.offset)
                    }
                    change.at = t
                    sawTime = true
                default: throw reader.error("unknown change member \"\(name)\"", at: value.offset)
                }
            }
            guard sawTime else { throw reader.error("the change has no \"at\" time", at: item.offset) }
            result.append(change)
        }
        return result
    }
}
