import SimKit

/// Reads typed values out of a JSON5 tree and turns every problem into a `ScenarioError` that
/// points at the node responsible.
///
/// Each accessor states what it expected in the message ("expected a duration string such as
/// \"5s\", found number 300"), so the loader's section code stays a list of keys and rules.
struct ScenarioReader {
    /// The file name as given, for messages.
    let file: String
    /// The document's text, decoded leniently, so that even a UTF-8 error can show its line.
    private let text: [Unicode.Scalar]

    init(file: String, text: [Unicode.Scalar]) {
        self.file = file
        self.text = text.first == "\u{FEFF}" ? Array(text.dropFirst()) : text
    }

    // MARK: Errors

    /// The text of a 1-based line, split as the parser splits lines.
    func sourceLine(_ n: Int) -> String {
        var line = 1
        var i = 0
        while i < text.count && line < n {
            let c = text[i]
            i += 1
            if c == "\n" || c == "\u{2028}" || c == "\u{2029}" { line += 1 }
            if c == "\r" {
                if i < text.count && text[i] == "\n" { i += 1 }
                line += 1
            }
        }
        var out = String.UnicodeScalarView()
        while i < text.count, text[i] != "\n", text[i] != "\r", text[i] != "\u{2028}", text[i] != "\u{2029}" {
            out.append(text[i])
            i += 1
        }
        return String(out)
    }

    func error(_ message: String, at position: SourcePosition, path: String) -> ScenarioError {
        ScenarioError(
            file: file, path: path, line: position.line, column: position.column, message: message,
            sourceLine: sourceLine(position.line))
    }

    func error(_ message: String, at node: JSON5Value) -> ScenarioError {
        error(message, at: node.position, path: node.path)
    }

    /// An error about an object member's key (unknown or duplicate), pointing at the key itself.
    func error(_ message: String, atKeyOf member: JSON5Member) -> ScenarioError {
        error(message, at: member.keyPosition, path: member.value.path)
    }

    /// An error at a column inside a string node (an operator in `expect`, a JQL token). The
    /// column is exact for a plain one-line string and points at the string's start otherwise.
    func error(_ message: String, inside node: JSON5Value, offset: Int) -> ScenarioError {
        guard case .string(let s) = node.kind, s.isVerbatim else { return error(message, at: node) }
        return error(message, at: SourcePosition(line: node.line, column: node.column + 1 + offset), path: node.path)
    }

    // MARK: Structure

    /// The members of an object, after checking that every key is one of `keys` and every key in
    /// `required` is present.
    func object(_ node: JSON5Value, what: String, keys: [String], required: [String] = []) throws(ScenarioError)
        -> ScenarioObject
    {
        guard case .object(let members) = node.kind else {
            throw error("expected \(what), found \(node.found)", at: node)
        }
        for member in members where !keys.contains(member.key) {
            throw error(Suggestion.unknown("key", member.key, candidates: keys), atKeyOf: member)
        }
        for key in required where !members.contains(where: { $0.key == key }) {
            throw error("missing required key '\(key)' in \(what)", at: node)
        }
        return ScenarioObject(node: node, members: members)
    }

    /// The members of an object whose keys are names chosen by the file (a mix, a role map).
    func map(_ node: JSON5Value, what: String) throws(ScenarioError) -> [JSON5Member] {
        guard case .object(let members) = node.kind else {
            throw error("expected \(what), found \(node.found)", at: node)
        }
        return members
    }

    func array(_ node: JSON5Value, what: String) throws(ScenarioError) -> [JSON5Value] {
        guard case .array(let elements) = node.kind else {
            throw error("expected \(what), found \(node.found)", at: node)
        }
        return elements
    }

    // MARK: Scalars

    func string(_ node: JSON5Value, what: String = "a string") throws(ScenarioError) -> String {
        guard case .string(let s) = node.kind else { throw error("expected \(what), found \(node.found)", at: node) }
        return s.value
    }

    /// A string that names something: it must not be empty.
    func name(_ node: JSON5Value, what: String) throws(ScenarioError) -> String {
        let s = try string(node, what: what)
        guard !s.trimming(" \t").isEmpty else { throw error("\(what) must not be empty", at: node) }
        return s
    }

    func bool(_ node: JSON5Value) throws(ScenarioError) -> Bool {
        guard case .bool(let b) = node.kind else {
            throw error("expected true or false, found \(node.found)", at: node)
        }
        return b
    }

    /// A finite number (JSON5 allows `Infinity` and `NaN`; no scenario value may be either).
    func number(_ node: JSON5Value, what: String = "a number") throws(ScenarioError) -> Double {
        guard case .number(let n) = node.kind else { throw error("expected \(what), found \(node.found)", at: node) }
        guard n.value.isFinite else { throw error("expected \(what), found \(node.found)", at: node) }
        return n.value
    }

    /// A probability or share, in [0, 1].
    func probability(_ node: JSON5Value) throws(ScenarioError) -> Double {
        let what = "a probability between 0 and 1"
        let p = try number(node, what: what)
        guard p >= 0 && p <= 1 else { throw error("expected \(what), found \(node.found)", at: node) }
        return p
    }

    /// A whole number of at least `minimum`, read exactly (fractions such as 2.5 are errors).
    func count(_ node: JSON5Value, minimum: Int = 0) throws(ScenarioError) -> Int {
        let what = "a whole number of at least \(minimum)"
        let x = try number(node, what: what)
        guard x == x.rounded(.towardZero), x >= Double(minimum) else {
            throw error("expected \(what), found \(node.found)", at: node)
        }
        guard x < 9.2e18 else { throw error("\(node.found) is too large", at: node) }
        return Int(x)
    }

    /// A whole number that may be too large for `Int`, for size checks that must report the size
    /// rather than overflow (a world of 10^12 issues).
    func wholeNumber(_ node: JSON5Value) throws(ScenarioError) -> Double {
        let what = "a whole number of at least 0"
        let x = try number(node, what: what)
        guard x == x.rounded(.towardZero), x >= 0 else {
            throw error("expected \(what), found \(node.found)", at: node)
        }
        return x
    }

    /// One of a fixed list of names, with a suggestion for a near miss.
    func choice<E: RawRepresentable>(_ node: JSON5Value, what: String, _ cases: [E]) throws(ScenarioError) -> E
    where E.RawValue == String {
        let names = cases.map(\.rawValue)
        let listed = names.joined(separator: " | ")
        let s = try string(node, what: "\(what) (\(listed))")
        guard let value = cases.first(where: { $0.rawValue == s }) else {
            throw error(Suggestion.unknown(what, s, candidates: names), at: node)
        }
        return value
    }

    // MARK: Time

    func duration(_ node: JSON5Value) throws(ScenarioError) -> SimDuration {
        guard case .string(let s) = node.kind else {
            throw error("expected a duration string such as \"5s\", found \(node.found)", at: node)
        }
        let trimmed = s.value.trimming(" ")
        if !trimmed.isEmpty, Double(trimmed) != nil {
            throw error(
                "expected a duration with a unit, such as \"5s\": \(JSON5Path.quoted(s.value)) needs a unit", at: node)
        }
        do {
            return try SimDuration.parse(s.value)
        } catch {
            throw self.error("invalid duration \(JSON5Path.quoted(s.value)): \(error.message)", at: node)
        }
    }

    /// A duration that must be longer than zero (a timeout, an outage).
    func positiveDuration(_ node: JSON5Value) throws(ScenarioError) -> SimDuration {
        let d = try duration(node)
        guard d.microseconds > 0 else { throw error("expected a duration longer than zero, found \"0s\"", at: node) }
        return d
    }

    func rate(_ node: JSON5Value) throws(ScenarioError) -> Rate {
        guard case .string(let s) = node.kind else {
            throw error("expected a rate string such as \"300/h\", found \(node.found)", at: node)
        }
        let rate: Rate
        do {
            rate = try Rate.parse(s.value)
        } catch {
            throw self.error("invalid rate \(JSON5Path.quoted(s.value)): \(error.message)", at: node)
        }
        guard rate.perSecond.isFinite else {
            throw error("invalid rate \(JSON5Path.quoted(s.value)): it is too large", at: node)
        }
        return rate
    }
}

/// An object's members after its keys were checked, with lookup by key in file order.
struct ScenarioObject {
    let node: JSON5Value
    let members: [JSON5Member]

    subscript(key: String) -> JSON5Value? { members.first(where: { $0.key == key })?.value }

    /// A key the object was checked to have (see `ScenarioReader.object(_:what:keys:required:)`);
    /// falls back to the object itself so that a caller's mistake cannot crash on a user's file.
    func required(_ key: String) -> JSON5Value { self[key] ?? node }
}

extension String {
    /// The string without leading and trailing characters from `set` (Foundation-free).
    func trimming(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
