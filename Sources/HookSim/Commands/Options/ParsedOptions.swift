/// A command line read by an `OptionTable`: every value already checked by its option's rule, so
/// the typed accessors only convert.
public struct ParsedOptions: Sendable {
    public let table: OptionTable
    /// `-h` or `--help` was given (before any `--`): nothing else was checked.
    public internal(set) var helpRequested = false
    /// The positional arguments, in order.
    public internal(set) var positionals: [String] = []
    /// The values given per option name, in order; a flag holds one empty string.
    var given: [String: [String]] = [:]

    /// Whether the option was given on the command line.
    public func has(_ name: String) -> Bool {
        _ = table.option(name)
        return given[name] != nil
    }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { has(name) }

    /// The value given, else the table's default value, else nil.
    public func value(_ name: String) -> String? {
        let option = table.option(name)
        if let v = given[name]?.last { return v }
        if case .value(let d) = option.defaultValue { return d }
        return nil
    }

    /// The value given, else the table's default value: for an option whose table declares one, so
    /// the default is written once, in the table, and never again in the command's code.
    public func defaulted(_ name: String) -> String {
        guard let v = value(name) else {
            preconditionFailure("'\(name)' of '\(table.command)' declares no default value in its table")
        }
        return v
    }

    /// The value given, else the table's default value, converted (the rule checked a given value;
    /// a default that does not convert is a mistake in the table).
    public func defaulted<T>(_ name: String, as convert: (String) -> T?) -> T {
        let text = defaulted(name)
        guard let v = convert(text) else {
            preconditionFailure("'\(text)' for '\(name)' of '\(table.command)' does not convert")
        }
        return v
    }

    /// Every value of a repeated option, in the order given.
    public func values(_ name: String) -> [String] {
        _ = table.option(name)
        return given[name] ?? []
    }

    /// The value as a whole number (the rule checked it).
    public func int(_ name: String) -> Int? { value(name).flatMap { Int($0) } }

    /// The value as an unsigned 64-bit number (the rule checked it).
    public func uint64(_ name: String) -> UInt64? { value(name).flatMap { UInt64($0) } }

    /// The value as a number (the rule checked it).
    public func double(_ name: String) -> Double? { value(name).flatMap { Double($0) } }

    /// The value as `k/n` (checked by `ValueRule.shard`).
    public func shard(_ name: String) -> (k: Int, n: Int)? {
        guard let text = value(name) else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1] else { return nil }
        return (k, n)
    }

    /// The positional at `index`, or nil.
    public func positional(_ index: Int) -> String? { index < positionals.count ? positionals[index] : nil }
}

extension OptionTable {
    /// Reads the arguments after the command's name.
    /// - Throws: `UsageError` for an unknown option (with the nearest name), a missing or invalid
    ///   value, an option given twice, a missing or unexpected positional, a missing required option.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedOptions {
        var parsed = ParsedOptions(table: self)
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "--help" || argument == "-h" {
                parsed.helpRequested = true
                return parsed
            }
            // `--seed=7` carries its value; `--seed 7` takes the next argument.
            var name = argument
            var inline: String?
            if let eq = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            guard let option = options.first(where: { $0.name == name }) else {
                let near = Suggestion.closest(to: name, in: options.map(\.name) + ["--help"])
                throw error("Unknown option '\(name)'" + (near.map { "; did you mean '\($0)'?" } ?? ""))
            }
            if option.kind != .repeated, let earlier = parsed.given[name] {
                let first = option.kind == .flag ? "" : " ('\(earlier[0])' first)"
                throw error("The option '\(name)' was given twice\(first); give it once")
            }
            let value: String
            switch option.kind {
            case .flag:
                if let inline { throw error("The option '\(name)' takes no value; got '\(inline)'") }
                value = ""
            case .value, .repeated:
                if let inline {
                    value = inline
                } else {
                    // NB: a value may start with one `-` (`--seed -3` is then reported as an invalid
                    // seed), but not with `--`: that is the next option, and this one lacks its value.
                    guard i < arguments.count, !arguments[i].hasPrefix("--") else {
                        throw error("Missing value for '\(option.shown)'")
                    }
                    value = arguments[i]
                    i += 1
                }
                if let problem = option.rule.check(value) {
                    throw error("The value '\(value)' is invalid for '\(option.shown)': \(problem)")
                }
            }
            parsed.given[name, default: []].append(value)
        }
        try checkPositionals(parsed.positionals)
        for option in options where option.required && parsed.given[option.name] == nil {
            throw error("Missing expected option '\(option.shown)'")
        }
        return parsed
    }

    /// Checks the count of positional arguments against the table's.
    private func checkPositionals(_ given: [String]) throws(UsageError) {
        var index = 0
        for p in positionals {
            switch p.count {
            case .one:
                guard index < given.count else { throw error("Missing expected argument '\(p.name)'") }
                index += 1
            case .optional:
                if index < given.count { index += 1 }
            case .oneOrMore:
                guard index < given.count else { throw error("Missing expected argument '\(p.name) ...'") }
                index = given.count
            }
        }
        if index < given.count { throw error("Unexpected argument '\(given[index])'") }
    }

    /// Whether `arguments` ask for help: `-h` or `--help` before any `--`.
    public static func asksForHelp(_ arguments: [String]) -> Bool {
        for a in arguments {
            if a == "--" { return false }
            if a == "--help" || a == "-h" { return true }
        }
        return false
    }
}
