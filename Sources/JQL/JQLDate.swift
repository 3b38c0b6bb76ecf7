/// Date arithmetic for JQL: literal formats, relative periods, and the start/end-of functions.
///
/// Everything is UTC and proleptic Gregorian, computed with integer day counts so results do not
/// depend on the host's time zone or calendar settings.
enum JQLDate {
    static let day = 86_400.0

    /// Days since 1970-01-01 for a civil date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count (`civil_from_days`).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) { UTCCalendar.civil(days: days) }

    static func daysInMonth(year: Int, month: Int) -> Int {
        let nextYear = month == 12 ? year + 1 : year
        let nextMonth = month == 12 ? 1 : month + 1
        return days(year: nextYear, month: nextMonth, day: 1) - days(year: year, month: month, day: 1)
    }

    /// Parses `yyyy-MM-dd`, `yyyy/MM/dd`, optionally followed by ` HH:mm`, as UTC.
    static func absolute(_ text: String) -> Double? {
        let s = Array(text.utf8)
        guard s.count == 10 || s.count == 16, s[4] == s[7], s[4] == UInt8(ascii: "-") || s[4] == UInt8(ascii: "/"),
            let year = number(s, 0, 4), let month = number(s, 5, 2), let day = number(s, 8, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        var seconds = Double(days(year: year, month: month, day: day)) * Self.day
        if s.count == 16 {
            guard s[10] == UInt8(ascii: " "), s[13] == UInt8(ascii: ":"), let hour = number(s, 11, 2),
                let minute = number(s, 14, 2), hour < 24, minute < 60
            else { return nil }
            seconds += Double(hour * 3600 + minute * 60)
        }
        return seconds
    }

    /// Parses an ISO 8601 timestamp such as `2026-01-10T09:00:00Z` or `2026-01-10T09:00:00.5+01:00`.
    static func iso8601(_ text: String) -> Double? {
        let s = Array(text.utf8)
        guard s.count >= 20, s[4] == UInt8(ascii: "-"), s[7] == UInt8(ascii: "-"),
            s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t") || s[10] == UInt8(ascii: " "),
            s[13] == UInt8(ascii: ":"), s[16] == UInt8(ascii: ":"),
            let year = number(s, 0, 4), let month = number(s, 5, 2), let day = number(s, 8, 2),
            let hour = number(s, 11, 2), let minute = number(s, 14, 2), let second = number(s, 17, 2),
            (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if s[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < s.count, s[index] >= 48, s[index] <= 57 {
                fraction += Double(s[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < s.count else { return nil }
        var offset = 0
        if s[index] == UInt8(ascii: "Z") || s[index] == UInt8(ascii: "z") {
            index += 1
        } else if s[index] == UInt8(ascii: "+") || s[index] == UInt8(ascii: "-") {
            guard s.count == index + 6, s[index + 3] == UInt8(ascii: ":"), let h = number(s, index + 1, 2),
                let m = number(s, index + 4, 2)
            else { return nil }
            offset = (h * 3600 + m * 60) * (s[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        }
        guard index == s.count else { return nil }
        let base = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Double(base) + fraction
    }

    private static func number(_ s: [UInt8], _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for i in start..<start + length {
            guard i < s.count, s[i] >= 48, s[i] <= 57 else { return nil }
            value = value * 10 + Int(s[i] - 48)
        }
        return value
    }

    /// Parses a relative period such as `-7d`, `4w 2d`, `1h`, `-30m` or `-5` (minutes) into signed seconds.
    ///
    /// A leading sign applies to every part, so `-1w 2d` is nine days ago.
    static func period(_ text: String) -> Double? {
        var s = Substring(text)
        var sign = 1.0
        if s.first == "-" {
            sign = -1
            s = s.dropFirst()
        } else if s.first == "+" {
            s = s.dropFirst()
        }
        let parts = s.split(separator: " ")
        guard !parts.isEmpty else { return nil }
        var total = 0.0
        for part in parts {
            var digits = part
            var unit = 60.0
            if let last = part.last, !last.isNumber {
                switch last {
                case "w": unit = 7 * day
                case "d": unit = day
                case "h": unit = 3600
                case "m": unit = 60
                default: return nil
                }
                digits = part.dropLast()
            }
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let n = Int(digits)
            else { return nil }
            total += Double(n) * unit
        }
        return sign * total
    }

    /// The calendar unit of a `startOf…`/`endOf…` function.
    enum Unit: Sendable {
        case day, week, month, year
    }

    /// Start of the `unit` containing `time` (weeks start on Sunday, as in Jira's default locale).
    static func start(of unit: Unit, containing time: Double) -> Double {
        // NB: a non-finite or absurd reference time cannot be converted to a day number; leave it as is.
        guard time.isFinite, abs(time) < 1e15 else { return time }
        let dayIndex = Int((time / day).rounded(.down))
        let (y, m, _) = civil(days: dayIndex)
        let startDay: Int
        switch unit {
        case .day: startDay = dayIndex
        case .week:
            // 1970-01-01 was a Thursday; weekday 0 = Sunday.
            let weekday = ((dayIndex + 4) % 7 + 7) % 7
            startDay = dayIndex - weekday
        case .month: startDay = days(year: y, month: m, day: 1)
        case .year: startDay = days(year: y, month: 1, day: 1)
        }
        return Double(startDay) * day
    }

    /// Moves `time` by `count` units, clamping the day of month when a month is shorter.
    static func add(_ count: Int, _ unit: Unit, to time: Double) -> Double {
        switch unit {
        case .day: return time + Double(count) * day
        case .week: return time + Double(count * 7) * day
        case .month, .year:
            guard time.isFinite, abs(time) < 1e15 else { return time }
            let months = unit == .year ? count * 12 : count
            let dayIndex = Int((time / day).rounded(.down))
            let within = time - Double(dayIndex) * day
            let (y, m, d) = civil(days: dayIndex)
            let total = y * 12 + (m - 1) + months
            let ny = total >= 0 ? total / 12 : (total - 11) / 12
            let nm = total - ny * 12 + 1
            let nd = min(d, daysInMonth(year: ny, month: nm))
            return Double(days(year: ny, month: nm, day: nd)) * day + within
        }
    }
}

/// The proleptic Gregorian calendar in UTC, without Foundation or time zones: the one date
/// arithmetic JQL, traces and stories share.
public enum UTCCalendar {
    /// Year, month (1–12) and day (1–31) of a count of days since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`).
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
