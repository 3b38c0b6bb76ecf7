import Foundation

/// `hooksim trace FILE --topology T [--out F.jsonl] [--limit N] [--seed N] [--set PATH=VALUE]…`:
/// every delivery attempt of one topology as a JSON line (DESIGN.md §7.4).
struct TraceOptions: Equatable, Sendable {
    var file = ""
    var topology: String?
    var out: String?
    var limit: Int?
    var seed: UInt64?
    var sets: [String] = []

    /// Reads the arguments after `trace`; a pure function, so it is unit-tested.
    static func parse(_ args: [String]) throws(UsageError) -> TraceOptions {
        var o = TraceOptions()
        var reader = OptionReader(args, command: "trace")
        while let a = reader.nextArgument() {
            switch a {
            case "--topology": o.topology = try reader.value(a, "name")
            case "--out": o.out = try reader.value(a, "file")
            case "--limit": o.limit = try reader.positiveInt(a)
            case "--seed": o.seed = try reader.seed(a)
            case "--set": o.sets.append(try reader.setting(a))
            default:
                if a.hasPrefix("-") && a != "-" { throw UsageError(message: "Unknown option '\(a)'", command: "trace") }
                guard o.file.isEmpty else { throw UsageError(message: "Unexpected argument '\(a)'", command: "trace") }
                o.file = a
            }
        }
        guard !o.file.isEmpty else { throw UsageError(message: "Missing expected argument '<file>'", command: "trace") }
        return o
    }
}

/// Reads options one by one with swift-argument-parser's wording for what is wrong.
struct OptionReader {
    let args: [String]
    let command: String
    var i = 0

    init(_ args: [String], command: String) {
        self.args = args
        self.command = command
    }

    mutating func nextArgument() -> String? {
        guard i < args.count else { return nil }
        i += 1
        return args[i - 1]
    }

    mutating func value(_ option: String, _ placeholder: String) throws(UsageError) -> String {
        guard i < args.count, !args[i].hasPrefix("--") else {
            throw UsageError(message: "Missing value for '\(option) <\(placeholder)>'", command: command)
        }
        i += 1
        return args[i - 1]
    }

    func invalid(_ text: String, _ option: String, _ placeholder: String, _ expected: String) -> UsageError {
        UsageError(
            message: "The value '\(text)' is invalid for '\(option) <\(placeholder)>': expected \(expected)",
            command: command)
    }

    mutating func positiveInt(_ option: String) throws(UsageError) -> Int {
        let text = try value(option, "n")
        guard let n = Int(text), n > 0 else { throw invalid(text, option, "n", "a positive integer") }
        return n
    }

    mutating func seed(_ option: String) throws(UsageError) -> UInt64 {
        let text = try value(option, "n")
        guard let n = UInt64(text) else { throw invalid(text, option, "n", "a non-negative integer") }
        return n
    }

    mutating func setting(_ option: String) throws(UsageError) -> String {
        let text = try value(option, "path=value")
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex, text.index(after: eq) != text.endIndex else {
            throw invalid(text, option, "path=value", "PATH=VALUE, such as activity.rate=600/h")
        }
        return text
    }
}

enum TraceCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let o: TraceOptions
        do { o = try TraceOptions.parse(arguments) } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        guard var scenario = CLI.load(o.file, sets: o.sets, console: console) else { return CLI.exitBadInput }
        if let seed = o.seed { scenario.seed = seed }
        let index: Int
        switch Tracer.topologyIndex(scenario, named: o.topology, file: o.file) {
        case .success(let i): index = i
        case .failure(let e):
            console.err(e.description + "\n")
            return CLI.exitBadInput
        }
        let handle: FileHandle
        if let out = o.out {
            guard FileManager.default.createFile(atPath: out, contents: nil), let h = FileHandle(forWritingAtPath: out)
            else {
                console.err("error: cannot write '--out \(out)': no such folder, or not writable\n")
                return CLI.exitBadInput
            }
            handle = h
        } else {
            handle = FileHandle.standardOutput
        }
        let writer = TraceWriter(
            handle: handle, seed: scenario.seed, instances: scenario.jira.map(PayloadInstance.init))
        let limit = o.limit ?? Int.max
        do {
            _ = try Tracer.run(scenario, topology: index, interrupted: { interruptRequested.load(ordering: .relaxed) })
            {
                entry in
                writer.write(entry)
                return writer.lines < limit
            }
        } catch {
            writer.flush()
            console.err((error == .interrupted ? "hooksim: interrupted" : "error: \(error)") + "\n")
            return error == .interrupted ? CLI.exitInterrupted : CLI.exitBadInput
        }
        writer.flush()
        if let out = o.out { console.err("wrote \(writer.lines) lines to \(out)\n") }
        return CLI.exitOK
    }
}
