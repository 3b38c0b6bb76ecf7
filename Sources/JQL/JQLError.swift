/// A problem found in a JQL query, with the place it was found.
///
/// Errors carry a position rather than a preformatted string so that the caller — who knows
/// where the query came from (a scenario file, a webhook definition) — can render it with
/// that place name, in the house `error: … --> place:line:column` shape.
public struct JQLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong and, where it helps, what was expected instead.
    public var message: String
    /// 1-based line of the offending place in the query.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the offending place on that line.
    public var column: Int
    /// 0-based offset in Unicode scalars from the start of the query.
    public var offset: Int

    public init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// Builds an error at `offset` of `scalars`, working out line and column.
    init(_ message: String, at offset: Int, in scalars: [Unicode.Scalar]) {
        var line = 1
        var column = 1
        var index = 0
        let end = min(max(offset, 0), scalars.count)
        while index < end {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        self.init(message: message, line: line, column: column, offset: end)
    }

    public var description: String { "\(line):\(column): \(message)" }

    /// The most characters of a line `rendered` shows; longer lines are cut around the column.
    static let window = 120

    /// Renders the error for a person: the message, the place, the query line and a caret.
    ///
    /// ```
    /// error: expected a value after '='
    ///  --> webhooks[0].jql:1:11
    ///   | project =
    ///   |           ^
    /// ```
    /// - Parameters:
    ///   - source: where the query came from, e.g. `topologies[1].webhooks[0].jql` or a file name.
    ///   - query: the full query text the error was found in.
    /// - Returns: the rendered text, without a trailing newline.
    public func rendered(source: String, query: String) -> String {
        let lines = query.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        var shown = line >= 1 && line <= lines.count ? Array(lines[line - 1]) : []
        // NB: trailing blanks (and a CR from CRLF text) are invisible in a terminal; dropping them keeps the
        // echoed line stable while the caret may still point one past the end.
        while let last = shown.last, last == " " || last == "\t" || last == "\r" { shown.removeLast() }
        var caret = max(column - 1, 0)
        // NB: a long line (a minified file, a generated filter) is shown as a window around the column.
        if shown.count > Self.window {
            let start = max(0, min(caret - Self.window / 2, shown.count - Self.window))
            let end = min(shown.count, start + Self.window)
            var windowed: [Unicode.Scalar] = start > 0 ? ["…"] : []
            caret = caret - start + windowed.count
            windowed += shown[start..<end]
            if end < shown.count { windowed.append("…") }
            shown = windowed
        }
        var pad = ""
        for index in 0..<caret {
            // Copy tabs so the caret lines up however the terminal expands them.
            pad.unicodeScalars.append(index < shown.count && shown[index] == "\t" ? "\t" : " ")
        }
        var text = "error: \(message)\n --> \(source):\(line):\(column)\n  | "
        text.unicodeScalars.append(contentsOf: shown)
        text += "\n  | \(pad)^"
        return text
    }
}
