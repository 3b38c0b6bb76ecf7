/// Splits a query into tokens, following Atlassian's `JQLLexer.g4`.
///
/// Works on Unicode scalars so positions in errors count what a person sees as characters
/// (for all but combining sequences), and so no input can index out of range.
struct JQLLexer {
    let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// Tokenizes the whole query; the last token is always `.end`.
    /// - Throws: `JQLError` for an unterminated string, a bad escape, a reserved character or word.
    static func tokenize(_ text: String) throws(JQLError) -> (tokens: [JQLToken], scalars: [Unicode.Scalar]) {
        var lexer = JQLLexer(text)
        var tokens: [JQLToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return (tokens, lexer.scalars) }
        }
    }

    private func error(_ message: String, at offset: Int) -> JQLError {
        JQLError(message, at: offset, in: scalars)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        index + ahead < scalars.count ? scalars[index + ahead] : nil
    }

    /// Reads the next token, skipping whitespace.
    mutating func next() throws(JQLError) -> JQLToken {
        while let c = peek(), c == " " || c == "\t" || c == "\n" || c == "\r" { index += 1 }
        let start = index
        guard let c = peek() else { return JQLToken(kind: .end, text: "", start: start, end: start) }
        func symbol(_ kind: JQLToken.Kind, _ length: Int) -> JQLToken {
            index += length
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<index])
            return JQLToken(kind: kind, text: text, start: start, end: index)
        }
        switch c {
        case "(": return symbol(.lparen, 1)
        case ")": return symbol(.rparen, 1)
        case ",": return symbol(.comma, 1)
        case "[": return symbol(.lbracket, 1)
        case "]": return symbol(.rbracket, 1)
        case "=": return symbol(.equals, 1)
        case "~": return symbol(.like, 1)
        case "!":
            if peek(1) == "=" { return symbol(.notEquals, 2) }
            if peek(1) == "~" { return symbol(.notLike, 2) }
            return symbol(.bang, 1)
        case "<": return peek(1) == "=" ? symbol(.lessEquals, 2) : symbol(.less, 1)
        case ">": return peek(1) == "=" ? symbol(.greaterEquals, 2) : symbol(.greater, 1)
        case "&": return symbol(.and, peek(1) == "&" ? 2 : 1)
        case "|": return symbol(.or, peek(1) == "|" ? 2 : 1)
        case "\"", "'": return try quoted(c)
        default: break
        }
        if Self.isReservedCharacter(c) {
            throw error("reserved character '\(c)' must be in quotes, e.g. \"\(c)\"", at: start)
        }
        if Self.isControl(c) {
            throw error("invalid character U+\(String(c.value, radix: 16, uppercase: true))", at: start)
        }
        return try unquoted()
    }

    /// Reads a run of unquoted word characters and escapes; classifies keywords and reserved words.
    private mutating func unquoted() throws(JQLError) -> JQLToken {
        let start = index
        var text = ""
        while let c = peek(), Self.isWordCharacter(c) || c == "\\" {
            if c == "\\" {
                text.unicodeScalars.append(try escape())
            } else {
                text.unicodeScalars.append(c)
                index += 1
            }
        }
        let lower = text.lowercased()
        let hasEscape = index - start != text.unicodeScalars.count
        if !hasEscape, let keyword = JQLToken.keywords[lower] {
            return JQLToken(kind: keyword, text: text, start: start, end: index)
        }
        if !hasEscape, JQLReservedWords.all.contains(lower) {
            throw error("'\(text)' is a reserved JQL word; put it in quotes to use it as a name or value", at: start)
        }
        return JQLToken(kind: .word, text: text, start: start, end: index)
    }

    /// Reads a string in `quote`s, decoding escapes.
    private mutating func quoted(_ quote: Unicode.Scalar) throws(JQLError) -> JQLToken {
        let start = index
        index += 1
        var text = ""
        while true {
            guard let c = peek() else {
                throw error("unterminated string: missing closing \(quote)", at: start)
            }
            if c == quote {
                index += 1
                return JQLToken(kind: .word, text: text, start: start, end: index, quoted: true)
            }
            if c == "\\" {
                text.unicodeScalars.append(try escape())
            } else if Self.isControl(c) && c != "\n" {
                throw error("invalid character U+\(String(c.value, radix: 16, uppercase: true)) in string", at: index)
            } else {
                text.unicodeScalars.append(c)
                index += 1
            }
        }
    }

    /// Decodes one escape sequence starting at a backslash.
    private mutating func escape() throws(JQLError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard let c = peek() else { throw error("expected a character after '\\'", at: start) }
        index += 1
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "\"", "'", "\\", " ": return c
        case "u":
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let h = peek(), let digit = Self.hexValue(h) else {
                    throw error("expected four hex digits after '\\u'", at: start)
                }
                value = value * 16 + digit
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("'\\u\(String(value, radix: 16))' is not a valid character", at: start)
            }
            return scalar
        default:
            throw error("invalid escape '\\\(c)'; use \\\", \\', \\\\, \\t, \\n, \\r, \\uXXXX or '\\ '", at: start)
        }
    }

    private static func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 48...57: c.value - 48
        case 65...70: c.value - 55
        case 97...102: c.value - 87
        default: nil
        }
    }

    /// `{ } * / % + ^ $ # @ ? ;` — reserved by Jira, usable only inside quotes.
    static func isReservedCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "{", "}", "*", "/", "%", "+", "^", "$", "#", "@", "?", ";": true
        default: false
        }
    }

    /// Jira's control characters (`JqlStringSupportImpl.isJqlControlCharacter`), tab/CR/LF aside.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v <= 0x1F && v != 0x09 && v != 0x0A && v != 0x0D) || (0x7F...0x9F).contains(v)
            || (0xFDD0...0xFDEF).contains(v) || v >= 0xFFFE && v <= 0xFFFF
    }

    /// Characters an unquoted word may contain (`VALID_UNQUOTED_CHARS`): `-`, `.`, `:` and letters, not operators.
    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", "\r", "\n", "\"", "'", "=", "!", "<", ">", "(", ")", "~", ",", "[", "]", "|", "&", "\\":
            false
        default:
            !isReservedCharacter(c) && !isControl(c)
        }
    }
}
