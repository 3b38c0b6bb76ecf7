/// String and number literals: the parts of JSON5 with the most rules (escapes, surrogate pairs,
/// hex, leading and trailing points, Infinity and NaN).
extension JSON5Parser {
    /// Reads a single- or double-quoted string with JSON5 escapes.
    mutating func parseString(path: String) throws(JSON5Error) -> JSON5String {
        let start = position
        guard let quote = current else { throw fail("expected a string", at: start, path: path) }
        advance()
        var out = String.UnicodeScalarView()
        var verbatim = true
        while true {
            guard let c = current else {
                throw fail(
                    "this string is not closed: its closing \(Character(quote)) is missing", at: start, path: path)
            }
            if isASCII, c != quote, c != "\\", c != "\n", c != "\r" {
                // Fast path: a run of plain characters, taken whole (no line breaks inside, so the
                // column moves by its length).
                let q = UInt8(truncatingIfNeeded: quote.value)
                let from = i
                let (j, closed) = asciiBytes.withUnsafeBufferPointer { b -> (Int, Bool) in
                    var j = from
                    while j < b.count {
                        let x = b[j]
                        if x == q || x == 0x5C || x == 0x0A || x == 0x0D { return (j, x == q) }
                        j += 1
                    }
                    return (j, false)
                }
                let run = String(decoding: asciiBytes[from..<j], as: UTF8.self)
                column += j - from
                i = j
                if out.isEmpty && closed {
                    advance()
                    return JSON5String(value: run, isVerbatim: verbatim)
                }
                out.append(contentsOf: run.unicodeScalars)
                continue
            }
            if c == quote {
                advance()
                return JSON5String(value: String(out), isVerbatim: verbatim)
            }
            if c == "\n" || c == "\r" {
                throw fail(
                    "this string is not closed before the end of the line (write \\n for a line break)",
                    at: start, path: path)
            }
            if c != "\\" {
                out.append(c)
                advance()
                continue
            }
            verbatim = false
            let escapeAt = position
            advance()
            guard let e = current else { continue }
            switch e {
            case "b":
                out.append("\u{08}")
                advance()
            case "f":
                out.append("\u{0C}")
                advance()
            case "n":
                out.append("\n")
                advance()
            case "r":
                out.append("\r")
                advance()
            case "t":
                out.append("\t")
                advance()
            case "v":
                out.append("\u{0B}")
                advance()
            case "0":
                if let next = peek(1), ("0"..."9").contains(next) {
                    throw fail("octal escapes such as \\0\(Character(next)) are not allowed", at: escapeAt, path: path)
                }
                out.append("\u{0}")
                advance()
            case "1"..."9":
                throw fail("escape \\\(Character(e)) is not allowed", at: escapeAt, path: path)
            case "x":
                guard let v = readHex(count: 2, after: 1), let u = Unicode.Scalar(v) else {
                    throw fail("invalid escape: \\x needs 2 hex digits", at: escapeAt, path: path)
                }
                out.append(u)
            case "u":
                out.append(try readUnicodeEscape(at: escapeAt, path: path))
            case "\r":
                advance()
                if current == "\n" { advance() }
            case "\n", "\u{2028}", "\u{2029}":
                advance()
            default:
                out.append(e)
                advance()
            }
        }
    }

    /// Reads `uXXXX` (the backslash is consumed), joining a surrogate pair into one scalar.
    private mutating func readUnicodeEscape(at escapeAt: SourcePosition, path: String) throws(JSON5Error)
        -> Unicode.Scalar
    {
        guard let high = readHex(count: 4, after: 1) else {
            throw fail("invalid escape: \\u needs 4 hex digits", at: escapeAt, path: path)
        }
        if let u = Unicode.Scalar(high) { return u }
        if (0xD800...0xDBFF).contains(high), current == "\\", peek(1) == "u",
            let low = readHex(count: 4, after: 2)
        {
            if (0xDC00...0xDFFF).contains(low),
                let u = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            {
                return u
            }
        }
        throw fail(
            "invalid escape: a lone surrogate \\u\(String(high, radix: 16, uppercase: true))", at: escapeAt, path: path)
    }

    // MARK: Numbers

    /// Reads a JSON5 number: optional sign, then `Infinity`, `NaN`, hex (`0x1F`) or decimal with
    /// optional leading or trailing point and exponent.
    mutating func parseNumber(path: String) throws(JSON5Error) -> JSON5Number {
        let start = position
        var text = ""
        var negative = false
        if let c = current, c == "-" || c == "+" {
            negative = c == "-"
            text.unicodeScalars.append(c)
            advance()
        }
        if let c = current, c == "I" || c == "N" {
            let word = try parseIdentifier(path: path)
            guard word == "Infinity" || word == "NaN" else {
                throw fail("expected a number after '\(text)', found '\(word)'", at: start, path: path)
            }
            let value: Double = word == "NaN" ? .nan : (negative ? -.infinity : .infinity)
            return JSON5Number(value: value, text: text + word, integer: nil)
        }
        var number: JSON5Number
        if current == "0", let x = peek(1), x == "x" || x == "X" {
            text += "0" + String(Character(x))
            advance()
            advance()
            var magnitude: UInt64? = 0
            var value = 0.0
            var digits = 0
            while let c = current, let d = Self.hexValue(c) {
                text.unicodeScalars.append(c)
                value = value * 16 + Double(d)
                magnitude = magnitude.flatMap { m in
                    let (a, o1) = m.multipliedReportingOverflow(by: 16)
                    let (b, o2) = a.addingReportingOverflow(UInt64(d))
                    return o1 || o2 ? nil : b
                }
                digits += 1
                advance()
            }
            guard digits > 0 else { throw fail("expected hex digits after '\(text)'", at: start, path: path) }
            number = JSON5Number(
                value: negative ? -value : value, text: text, integer: magnitude.map { (negative, $0) })
        } else {
            number = try parseDecimal(start: start, sign: text, negative: negative, path: path)
        }
        if let c = current, Self.isIdentifierPart(c) {
            var suffix = ""
            var k = 0
            while let d = peek(k), Self.isIdentifierPart(d), k < 20 {
                suffix.unicodeScalars.append(d)
                k += 1
            }
            let written = JSON5Path.quoted(number.text + suffix)
            let hint = c.properties.isAlphabetic ? " (durations and rates are strings, such as \(written))" : ""
            throw fail(
                "unexpected \(Self.describe(c)) after the number \(number.text)\(hint)", at: position, path: path)
        }
        return number
    }

    private mutating func digits() -> String {
        var out = ""
        while let c = current, ("0"..."9").contains(c) {
            out.unicodeScalars.append(c)
            advance()
        }
        return out
    }

    private mutating func parseDecimal(start: SourcePosition, sign: String, negative: Bool, path: String)
        throws(JSON5Error) -> JSON5Number
    {
        let intPart = digits()
        if intPart.count > 1 && intPart.hasPrefix("0") {
            throw fail("a number cannot start with 0 followed by digits ('\(sign)\(intPart)')", at: start, path: path)
        }
        var text = sign + intPart
        var fraction: String?
        if current == "." {
            advance()
            fraction = digits()
            text += "." + (fraction ?? "")
        }
        guard !intPart.isEmpty || !(fraction ?? "").isEmpty else {
            let found = current.map(Self.describe) ?? "the end of the file"
            throw fail("expected digits in the number '\(text)', found \(found)", at: start, path: path)
        }
        var exponent: String?
        if let e = current, e == "e" || e == "E" {
            text.unicodeScalars.append(e)
            advance()
            var expSign = ""
            if let c = current, c == "+" || c == "-" {
                expSign = String(Character(c))
                advance()
            }
            let expDigits = digits()
            text += expSign + expDigits
            guard !expDigits.isEmpty else {
                throw fail("expected digits after the exponent in '\(text)'", at: start, path: path)
            }
            exponent = expSign + expDigits
        }
        let normal =
            (intPart.isEmpty ? "0" : intPart) + "." + ((fraction ?? "").isEmpty ? "0" : fraction ?? "0")
            + (exponent.map { "e" + $0 } ?? "")
        guard let magnitude = Double(normal) else {
            throw fail("the number '\(text)' cannot be read", at: start, path: path)
        }
        var integer: (Bool, UInt64)?
        if fraction == nil, exponent == nil, let m = UInt64(intPart) { integer = (negative, m) }
        return JSON5Number(value: negative ? -magnitude : magnitude, text: text, integer: integer)
    }
}
