/// The JQL functions HookSim understands, and what each stands for.
///
/// Functions are resolved at compile time into a date rule or a user rule; the values that depend
/// on the moment (now, the current user, group members) are filled in from `JQLContext` when matching.
enum JQLFunctions {
    /// What a function call compiles to.
    enum Resolved {
        case currentUser
        case membersOf(String)
        case date(JQLDateSpec)
    }

    /// Function names, lowercase → canonical spelling, for lookups and messages.
    static let names: [String: String] = [
        "currentuser": "currentUser", "membersof": "membersOf", "now": "now",
        "startofday": "startOfDay", "endofday": "endOfDay", "startofweek": "startOfWeek", "endofweek": "endOfWeek",
        "startofmonth": "startOfMonth", "endofmonth": "endOfMonth", "startofyear": "startOfYear",
        "endofyear": "endOfYear",
    ]

    /// Resolves a call, checking its arguments.
    static func resolve(_ name: String, arguments: [String]) -> Result<Resolved, JQLMessage> {
        let lower = name.lowercased()
        guard let canonical = names[lower] else {
            let known = names.values.sorted().map { "\($0)()" }.joined(separator: ", ")
            return .failure(JQLMessage("unknown function '\(name)()'; known functions are \(known)"))
        }
        switch lower {
        case "currentuser", "now":
            guard arguments.isEmpty else { return .failure(JQLMessage("'\(canonical)()' takes no arguments")) }
            return .success(lower == "now" ? .date(.relative(0)) : .currentUser)
        case "membersof":
            guard arguments.count == 1 else {
                return .failure(JQLMessage("'membersOf()' takes one group name, e.g. membersOf(\"jira-developers\")"))
            }
            return .success(.membersOf(arguments[0]))
        default:
            let end = lower.hasPrefix("end")
            let unit: JQLDate.Unit =
                lower.hasSuffix("day")
                ? .day : lower.hasSuffix("week") ? .week : lower.hasSuffix("month") ? .month : .year
            guard arguments.count <= 1 else {
                return .failure(JQLMessage("'\(canonical)()' takes at most one increment, e.g. \(canonical)(-1)"))
            }
            guard let argument = arguments.first else {
                return .success(.date(.boundary(unit, end: end, increment: 0, incrementUnit: unit, seconds: 0)))
            }
            guard let spec = increment(argument, unit: unit, end: end) else {
                return .failure(
                    JQLMessage(
                        "'\(argument)' is not an increment for '\(canonical)()'; use (+/-)nn with an optional unit "
                            + "y, M, w, d, h or m, e.g. \"-1\" or \"+14d\""))
            }
            return .success(.date(spec))
        }
    }

    /// Parses `(+/-)nn(y|M|w|d|h|m)`; a bare number counts the function's own unit.
    private static func increment(_ text: String, unit: JQLDate.Unit, end: Bool) -> JQLDateSpec? {
        var body = Substring(text.trimmingSpaces)
        var sign = 1
        if body.first == "-" || body.first == "+" {
            sign = body.first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        var unitCharacter: Character?
        if let last = body.last, !last.isNumber {
            unitCharacter = last
            body = body.dropLast()
        }
        guard !body.isEmpty, body.count <= 6, body.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(body) else {
            return nil
        }
        let count = sign * n
        switch unitCharacter {
        case nil: return .boundary(unit, end: end, increment: count, incrementUnit: unit, seconds: 0)
        case "y": return .boundary(unit, end: end, increment: count, incrementUnit: .year, seconds: 0)
        case "M": return .boundary(unit, end: end, increment: count, incrementUnit: .month, seconds: 0)
        case "w": return .boundary(unit, end: end, increment: count, incrementUnit: .week, seconds: 0)
        case "d": return .boundary(unit, end: end, increment: count, incrementUnit: .day, seconds: 0)
        case "h": return .boundary(unit, end: end, increment: 0, incrementUnit: nil, seconds: Double(count) * 3600)
        case "m": return .boundary(unit, end: end, increment: 0, incrementUnit: nil, seconds: Double(count) * 60)
        default: return nil
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        let scalars = self.drop(while: { $0 == " " })
        var end = scalars.endIndex
        while end > scalars.startIndex, scalars[scalars.index(before: end)] == " " { end = scalars.index(before: end) }
        return scalars[..<end]
    }
}
