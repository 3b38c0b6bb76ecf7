/// One command's command line, declared once: its options and positional arguments. Parsing, the
/// usage line, `--help`, the Markdown reference and every usage error are generated from it, so an
/// option is described in one place (issue 13).
///
/// Rules every table follows: an argument that starts with `-` (other than `-` alone) is an option;
/// `--` ends the options, and what follows is positional even when it starts with `-`; a value is
/// the next argument (`--seed 7`) or follows `=` (`--seed=7`); `-h` and `--help` ask for help.
public struct OptionTable: Sendable {
    /// The program: `hooksim` or `hooksim-bench`.
    public var program: String
    /// The command's words after the program: `run`, `http serve`.
    public var command: String
    /// One line, for the list of commands.
    public var summary: String
    /// What the command does, in prose, shown before the options.
    public var about: String
    public var positionals: [Positional]
    public var options: [Option]
    /// Shown after the options (exit status, notes).
    public var footer: String

    public init(
        program: String = "hooksim", command: String, summary: String, about: String = "",
        positionals: [Positional] = [], options: [Option] = [], footer: String = ""
    ) {
        self.program = program
        self.command = command
        self.summary = summary
        self.about = about
        self.positionals = positionals
        self.options = options
        self.footer = footer
        let names = options.map(\.name)
        precondition(Set(names).count == names.count, "\(command): an option is declared twice")
        precondition(options.allSatisfy { $0.name.hasPrefix("--") }, "\(command): option names start with --")
    }

    /// The declared option named `name`; a name the table does not declare is a programmer error.
    func option(_ name: String) -> Option {
        guard let o = options.first(where: { $0.name == name }) else {
            preconditionFailure("\(program) \(command) declares no option '\(name)'")
        }
        return o
    }

    /// A usage error that prints this command's usage line.
    public func error(_ message: String) -> UsageError {
        UsageError(message: message, command: command, usage: usage, hint: helpHint)
    }

    /// The name of `candidates` nearest to a mistyped `name`, if one is close enough (the rule of
    /// `Suggestion`, shared by scenario keys, JQL fields and options).
    public static func nearest(to name: String, in candidates: [String]) -> String? {
        Suggestion.closest(to: name, in: candidates)
    }

    /// Where a person reads more: `hooksim help run`, `hooksim-bench mm1 --help`.
    public var helpHint: String {
        program == "hooksim" ? "hooksim help \(command)" : "\(program) \(command) --help"
    }
}

/// One option of a table.
public struct Option: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Present or not: `--quiet`.
        case flag
        /// At most one value: `--seed <n>`.
        case value
        /// Any number of values, in order: `--topology <name>`.
        case repeated
    }

    /// A default: a value the command line stands for when the option is absent (shown and used),
    /// or a note for a default that is not one fixed value ("the number of cores").
    public enum Default: Sendable, Equatable {
        case value(String)
        case note(String)
    }

    public var name: String
    /// How the value is shown: `<n>`, `<path>=<values>`, `<x>|max`; empty for a flag.
    public var placeholder: String
    public var help: String
    public var kind: Kind
    public var defaultValue: Default?
    public var rule: ValueRule
    /// Must be given (the command runs only with it).
    public var required: Bool

    /// A flag: present or not.
    public static func flag(_ name: String, _ help: String) -> Option {
        Option(name: name, placeholder: "", help: help, kind: .flag, defaultValue: nil, rule: .text, required: false)
    }

    /// An option with one value.
    public static func value(
        _ name: String, _ placeholder: String, _ help: String, rule: ValueRule = .text, default: Default? = nil,
        required: Bool = false
    ) -> Option {
        Option(
            name: name, placeholder: placeholder, help: help, kind: .value, defaultValue: `default`, rule: rule,
            required: required)
    }

    /// An option that may be given many times; its values are kept in order.
    public static func repeated(_ name: String, _ placeholder: String, _ help: String, rule: ValueRule = .text)
        -> Option
    {
        Option(
            name: name, placeholder: placeholder, help: help, kind: .repeated, defaultValue: nil, rule: rule,
            required: false)
    }

    /// `--seed <n>`, or `--quiet` for a flag: how errors and the usage line name it.
    public var shown: String { placeholder.isEmpty ? name : name + " " + placeholder }
}

/// A positional argument of a table.
public struct Positional: Sendable {
    public enum Count: Sendable, Equatable {
        /// Exactly one.
        case one
        /// None or one.
        case optional
        /// One or more.
        case oneOrMore
    }

    /// How it is shown: `<file>`, or a literal word such as `jira-webhooks`.
    public var name: String
    public var help: String
    public var count: Count

    public init(_ name: String, _ help: String, count: Count = .one) {
        self.name = name
        self.help = help
        self.count = count
    }
}

/// What values an option accepts, and how a wrong one is explained.
public struct ValueRule: Sendable {
    /// nil for an acceptable value, else the explanation after the colon ("expected a positive integer").
    public var check: @Sendable (String) -> String?

    /// The values accepted, when they are a fixed list: the help shows them.
    public var choices: [String] = []

    public init(check: @escaping @Sendable (String) -> String?) { self.check = check }

    /// Accepts any value.
    public static let text = ValueRule { _ in nil }

    /// Accepts what `accepts` does; otherwise says "expected \(expected)".
    public static func accepting(_ expected: String, _ accepts: @escaping @Sendable (String) -> Bool) -> ValueRule {
        ValueRule { accepts($0) ? nil : "expected " + expected }
    }

    /// A whole number from 0 to 2^64-1: a seed.
    public static let seed = accepting("a non-negative integer") { UInt64($0) != nil }

    /// A whole number ≥ 1.
    public static let positiveInteger = accepting("a positive integer") { (Int($0) ?? 0) > 0 }

    /// A finite number > 0.
    public static let positiveNumber = accepting("a positive number") {
        Double($0).map { $0.isFinite && $0 > 0 } ?? false
    }

    /// One of `names`, with the nearest name offered for a near miss.
    public static func oneOf(_ names: [String]) -> ValueRule {
        var rule = ValueRule { text in
            if names.contains(text) { return nil }
            if let near = Suggestion.closest(to: text, in: names) { return "did you mean '\(near)'?" }
            return "expected one of " + names.joined(separator: ", ")
        }
        rule.choices = names
        return rule
    }

    /// `PATH=VALUE`, both parts non-empty.
    public static let setting = accepting("PATH=VALUE, such as activity.rate=600/h") { text in
        guard let eq = text.firstIndex(of: "=") else { return false }
        return eq != text.startIndex && text.index(after: eq) != text.endIndex
    }

    /// `k/n` with 1 ≤ k ≤ n: one shard of n.
    public static let shard = accepting("k of n with 1 ≤ k ≤ n, such as 2/4") { text in
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return false }
        return k >= 1 && k <= n
    }
}

/// A command line that cannot be run: wording after swift-argument-parser.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var command: String?
    /// The usage line printed under the message (the command's, else the program's).
    public var usage: String?
    /// Where to read more: `hooksim help run`.
    public var hint: String?

    public init(message: String, command: String?, usage: String? = nil, hint: String? = nil) {
        self.message = message
        self.command = command
        self.usage = usage
        self.hint = hint
    }

    /// Two errors are the same when they say the same of the same command.
    public static func == (a: UsageError, b: UsageError) -> Bool { a.message == b.message && a.command == b.command }

    public var description: String {
        let usage = usage ?? command.flatMap { Help.table($0)?.usage } ?? "hooksim <command> [options]"
        let hint = hint ?? "hooksim help" + (command.map { " " + $0 } ?? "")
        return "error: \(message)\nUsage: \(usage)\n  See '\(hint)' for more."
    }
}
