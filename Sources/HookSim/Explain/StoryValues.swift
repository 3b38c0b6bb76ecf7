import JQL
import SimKit

/// How a story names values: field values as Jira shows them, times as a clock a person follows.
///
/// The engine keeps every field as a small integer (DESIGN.md §3 compares them); a person reads
/// `In Progress`, not `1`, so every value a story prints goes through here.
enum StoryValues {
    /// A synced field's value by name: a status, a priority, a user, label names, or for text fields
    /// the change that wrote the text (the simulation keeps no text, only who wrote it last).
    static func describe(_ field: Field, _ value: Int32, users: Int) -> String {
        let v = Int(value)
        switch field {
        case .status: return v >= 0 && v < JiraNames.statuses.count ? JiraNames.statuses[v] : "?"
        case .priority: return v >= 0 && v < JiraNames.priorities.count ? JiraNames.priorities[v] : "?"
        case .assignee: return v < 0 ? "unassigned" : "user\(v)"
        case .summary, .description: return v == 0 ? "the original text" : "the text of change #\(v - 1)"
        case .labels: return names(value, JiraNames.labels)
        case .components: return names(value, JiraNames.components)
        }
    }

    private static func names(_ mask: Int32, _ table: [String]) -> String {
        var out: [String] = []
        for (i, name) in table.enumerated() where mask & (1 << i) != 0 { out.append(name) }
        return out.isEmpty ? "none" : out.joined(separator: ", ")
    }

    /// A JQL value as a filter saw it.
    static func describe(_ value: JQLValue) -> String {
        switch value {
        case .empty: return "EMPTY"
        case .text(let s): return s
        case .texts(let values): return values.isEmpty ? "EMPTY" : "(" + values.joined(separator: ", ") + ")"
        case .number(let n): return JSONValue.format(n)
        case .date(let t): return iso(seconds: t)
        }
    }

    /// Simulated time as a clock from the start: `00:14:03.120`, or `1d 02:00:00.000` after a day.
    static func clock(_ t: SimTime) -> String {
        let ms = max(0, t.microseconds / 1_000)
        let days = ms / 86_400_000
        let rest = ms % 86_400_000
        let h = rest / 3_600_000
        let m = rest / 60_000 % 60
        let s = rest / 1_000 % 60
        let f = rest % 1_000
        let text = pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(f, 3)
        return days > 0 ? "\(days)d " + text : text
    }

    /// Simulated time as the instant it stands for (time 0 is 2026-01-01T00:00:00Z, DESIGN.md §4).
    static func iso(_ t: SimTime) -> String {
        iso(seconds: IssueView.epoch + Double(t.microseconds / 1_000) / 1_000)
    }

    /// Seconds since 1970 as `2026-01-01T00:03:12.120Z`, UTC, millisecond precision.
    static func iso(seconds: Double) -> String {
        let totalMs = Int64((seconds * 1_000).rounded())
        let days = totalMs >= 0 ? totalMs / 86_400_000 : (totalMs - 86_399_999) / 86_400_000
        let msOfDay = totalMs - days * 86_400_000
        let (y, mo, d) = UTCCalendar.civil(days: Int(days))
        let (year, month, day) = (Int64(y), Int64(mo), Int64(d))
        let h = msOfDay / 3_600_000
        let m = msOfDay / 60_000 % 60
        let s = msOfDay / 1_000 % 60
        let f = msOfDay % 1_000
        return "\(year)-\(pad(month, 2))-\(pad(day, 2))T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// The Jira event name of a delivery's kind, with the `issue_commented` variant told apart.
    static func eventName(_ kind: EventKind) -> String {
        kind == .issueCommented ? "jira:issue_updated (issue_commented)" : kind.jiraName.rawValue
    }
}
