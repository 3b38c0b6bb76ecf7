/// Why a scenario file could not be loaded, and exactly where, in words a person can act on.
///
/// It names the file, the path inside it (`topologies[1].webhooks[0].jql`) and the line and column
/// of the offending node, and carries that line's text so the message can be shown with a caret
/// without reading the file again (STYLE.md, "Errors a person reads").
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file as it was given (a relative path stays relative).
    public var file: String
    /// The place inside the document, such as `aha.users[0].roles.WEB`; empty for the whole file.
    public var path: String
    /// 1-based line; 0 when the problem is the file itself (missing, empty, a directory).
    public var line: Int
    /// 1-based column in Unicode scalars; 0 when `line` is 0.
    public var column: Int
    /// What is wrong and what was expected.
    public var message: String
    /// The text of `line`, without its line break (empty when `line` is 0).
    public var sourceLine: String
    /// Further problems found in the same load, most relevant first, so a user fixes a file in one round.
    public var others: [ScenarioError] = []

    public init(file: String, path: String, line: Int, column: Int, message: String, sourceLine: String) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    /// The error in the house style:
    /// ```
    /// error: expected a duration with a unit, such as "5s": "300" needs a unit
    ///  --> Scenarios/x.json5:12:16 (jira[0].delivery.timeout)
    ///    |       timeout: "300",
    ///    |                ^
    /// ```
    /// The gutter is as wide as the line number plus one; the caret line copies the tabs of the
    /// source line so that the caret stays under the column in any terminal.
    public var description: String {
        guard others.isEmpty else {
            var all = [self]
            all[0].others = []
            all += others
            return all.map(\.description).joined(separator: "\n\n") + "\n\(all.count) errors"
        }
        var out = "error: \(message)\n --> \(file)"
        if line > 0 { out += ":\(line):\(column)" }
        if !path.isEmpty { out += " (\(path))" }
        guard line > 0 else { return out }
        let gutter = String(repeating: " ", count: String(line).count + 1) + "|"
        let (shownLine, caretColumn) = window()
        let before = shownLine.unicodeScalars.prefix(max(caretColumn - 1, 0))
        var pad = ""
        for u in before { pad += u == "\t" ? "\t" : " " }
        pad += String(repeating: " ", count: max(0, caretColumn - 1 - before.count))
        out += "\n" + gutter + (shownLine.isEmpty ? "" : " " + shownLine)
        out += "\n" + gutter + " " + pad + "^"
        return out
    }

    /// Longest source line shown whole.
    static let maxShownLine = 160

    /// The part of the source line to show and the caret's column in it: the whole line, or for a
    /// long one (a minified file) a window around the column marked with "…", so that one error
    /// never prints megabytes.
    private func window() -> (String, Int) {
        let scalars = Array(sourceLine.unicodeScalars)
        let width = Self.maxShownLine
        guard scalars.count > width else { return (sourceLine, column) }
        let start = max(0, min(column - 1 - width / 2, scalars.count - width))
        let end = min(scalars.count, start + width)
        var shown = String.UnicodeScalarView()
        if start > 0 { shown.append("…") }
        shown.append(contentsOf: scalars[start..<end])
        if end < scalars.count { shown.append("…") }
        return (String(shown), column - start + (start > 0 ? 1 : 0))
    }
}
