/// Why a duration or rate string could not be read.
public struct DurationParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text that was given.
    public var input: String
    /// What was expected instead, in words a person reads.
    public var message: String
    /// 0-based offset in `input` of the character that is wrong.
    public var offset: Int

    public var description: String { message }
}

extension SimDuration {
    private static let units: [(String, Int64)] = [
        ("us", 1), ("µs", 1), ("ms", 1_000), ("s", 1_000_000), ("min", 60_000_000), ("m", 60_000_000),
        ("h", 3_600_000_000), ("d", 86_400_000_000), ("w", 604_800_000_000),
    ]

    /// Reads a duration such as `"250ms"`, `"5s"`, `"15m"`, `"8h"`, `"2d"`, `"1h30m"` or `"1.5s"`.
    ///
    /// Units: `us`, `ms`, `s`, `m` (or `min`), `h`, `d`, `w`. A bare number is an error, because
    /// "300" could mean seconds or milliseconds and a scenario should say which.
    /// - Throws: `DurationParseError` naming the offending character.
    public static func parse(_ text: String) throws(DurationParseError) -> SimDuration {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var total: Double = 0
        var sawPart = false
        while i < chars.count, chars[i] == " " { i += 1 }
        if i == chars.count {
            throw DurationParseError(
                input: text, message: "expected a duration such as \"250ms\", \"5s\" or \"8h\"", offset: 0)
        }
        if chars[i] == "-" {
            throw DurationParseError(input: text, message: "a duration cannot be negative", offset: i)
        }
        while i < chars.count {
            if chars[i] == " " {
                i += 1
                continue
            }
            let numberStart = i
            var digits = ""
            while i < chars.count, ("0"..."9").contains(chars[i]) || chars[i] == "." || chars[i] == "_" {
                if chars[i] != "_" { digits.unicodeScalars.append(chars[i]) }
                i += 1
            }
            guard !digits.isEmpty, let value = Double(digits), value.isFinite else {
                throw DurationParseError(
                    input: text, message: "expected a number followed by a unit (us, ms, s, m, h, d, w)",
                    offset: numberStart)
            }
            let unitStart = i
            var unit = ""
            while i < chars.count, chars[i].properties.isAlphabetic {
                unit.unicodeScalars.append(chars[i])
                i += 1
            }
            if unit.isEmpty {
                // NB: "8 hours" reads as a number and a word apart; name the unit it meant.
                var j = i
                while j < chars.count, chars[j] == " " { j += 1 }
                var word = ""
                while j < chars.count, chars[j].properties.isAlphabetic {
                    word.unicodeScalars.append(chars[j])
                    j += 1
                }
                if let short = spelledUnit(word) {
                    throw DurationParseError(
                        input: text, message: "write \"\(digits)\(short)\" (units: us, ms, s, m, h, d, w)",
                        offset: unitStart)
                }
                throw DurationParseError(
                    input: text,
                    message:
                        "\"\(text)\" needs a unit: write e.g. \"\(digits)s\" or \"\(digits)ms\" (units: us, ms, s, m, h, d, w)",
                    offset: unitStart)
            }
            guard let factor = units.first(where: { $0.0 == unit.lowercased() })?.1 else {
                if let short = spelledUnit(unit) {
                    throw DurationParseError(
                        input: text, message: "write \"\(digits)\(short)\" (units: us, ms, s, m, h, d, w)",
                        offset: unitStart)
                }
                throw DurationParseError(
                    input: text, message: "unknown unit \"\(unit)\" (units: us, ms, s, m, h, d, w)", offset: unitStart)
            }
            total += value * Double(factor)
            sawPart = true
        }
        guard sawPart else {
            throw DurationParseError(input: text, message: "expected a duration such as \"250ms\"", offset: 0)
        }
        guard total < 9.2e18 else {
            throw DurationParseError(input: text, message: "duration \"\(text)\" is too long", offset: 0)
        }
        return SimDuration(microseconds: Int64(total.rounded()))
    }

    /// The short unit a spelled-out one means (`hours` → `h`), so an error can show the fix, not only the rule.
    static func spelledUnit(_ word: String) -> String? {
        switch word.lowercased() {
        case "microsecond", "microseconds": return "us"
        case "millisecond", "milliseconds", "msec", "msecs": return "ms"
        case "sec", "secs", "second", "seconds": return "s"
        case "mins", "minute", "minutes": return "m"
        case "hr", "hrs", "hour", "hours": return "h"
        case "day", "days": return "d"
        case "week", "weeks": return "w"
        default: return nil
        }
    }

    /// Formats the duration the way it would be written in a scenario: `"1h30m"`, `"250ms"`, `"0s"`.
    ///
    /// `parse(format())` returns the same duration.
    public func format() -> String {
        if microseconds == 0 { return "0s" }
        // NB: the magnitude as UInt64, so that Int64.min does not trap when negated.
        var rest = microseconds.magnitude
        var out = microseconds < 0 ? "-" : ""
        let parts: [(String, UInt64)] = [
            ("d", 86_400_000_000), ("h", 3_600_000_000), ("m", 60_000_000), ("s", 1_000_000), ("ms", 1_000), ("us", 1),
        ]
        for (name, size) in parts where rest >= size {
            out += "\(rest / size)\(name)"
            rest %= size
        }
        return out
    }
}

/// A rate of arrivals: a count per span of time, such as `"120/h"` or `"20/s"`.
public struct Rate: Hashable, Sendable, CustomStringConvertible {
    /// Arrivals per second.
    public var perSecond: Double
    /// The span the rate was written over (`1m` for `"300/m"`), when it was parsed from text: a
    /// rate limit allows a burst of one such span's worth. Not part of equality.
    public var period: SimDuration?

    public init(perSecond: Double, period: SimDuration? = nil) {
        self.perSecond = perSecond
        self.period = period
    }

    public static func == (a: Rate, b: Rate) -> Bool { a.perSecond == b.perSecond }
    public func hash(into h: inout Hasher) { h.combine(perSecond) }

    /// Mean time between arrivals (infinite for a zero rate).
    public var meanInterval: SimDuration {
        perSecond > 0 ? .seconds(1 / perSecond) : SimDuration(microseconds: .max)
    }

    /// Reads `"120/h"`, `"20/s"`, `"3/min"`, `"300/m"`, `"1000/d"` or `"5/250ms"`.
    public static func parse(_ text: String) throws(DurationParseError) -> Rate {
        guard let slash = text.firstIndex(of: "/") else {
            throw DurationParseError(
                input: text, message: "expected a rate such as \"120/h\" or \"20/s\" (a count, '/', a unit)",
                offset: text.count)
        }
        let countText = text[..<slash].trimmingSpaces()
        guard let count = Double(countText), count.isFinite, count >= 0 else {
            throw DurationParseError(
                input: text, message: "expected a non-negative count before '/' in \"\(text)\"", offset: 0)
        }
        var unit = String(text[text.index(after: slash)...]).trimmingSpaces()
        // NB: "/h" means "per 1h"; only a leading letter gets the implicit 1 (".5s" stays half a second).
        if unit.first?.isLetter ?? false { unit = "1" + unit }
        let offset = text.distance(from: text.startIndex, to: slash) + 1
        let per: SimDuration
        do { per = try SimDuration.parse(unit) } catch {
            throw DurationParseError(
                input: text, message: "expected a unit after '/' (s, m, min, h, d): \(error.message)", offset: offset)
        }
        guard per.microseconds > 0 else {
            throw DurationParseError(
                input: text, message: "the span after '/' must be longer than zero", offset: offset)
        }
        return Rate(perSecond: count / per.seconds, period: per)
    }

    public var description: String {
        let perHour = perSecond * 3600
        if perHour < 10_000 { return "\(trimmed(perHour))/h" }
        return "\(trimmed(perSecond))/s"
    }

    private func trimmed(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
