import Foundation

/// `hooksim shrink`: the smallest scenario that still fails the same way (DESIGN.md §7.3).
enum ShrinkCommand {
    struct Options: Equatable {
        var file = ""
        var topology: String?
        var seed: UInt64?
        var out: String?
        var budget = 500
    }

    /// Reads the command line of `shrink` (without the command name).
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        var o = Options()
        var positional: [String] = []
        var i = 0
        func value(_ option: String, _ placeholder: String) throws(UsageError) -> String {
            guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else {
                throw UsageError(message: "Missing value for '\(option) <\(placeholder)>'", command: "shrink")
            }
            i += 1
            return args[i]
        }
        var onlyPositional = false
        while i < args.count {
            let a = args[i]
            if onlyPositional || !a.hasPrefix("-") || a == "-" {
                positional.append(a)
            } else if a == "--" {
                onlyPositional = true
            } else {
                switch a {
                case "--topology": o.topology = try value(a, "name")
                case "--out": o.out = try value(a, "file")
                case "--seed":
                    let text = try value(a, "n")
                    guard let n = UInt64(text) else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--seed <n>': expected a non-negative integer", command: "shrink")
                    }
                    o.seed = n
                case "--budget":
                    let text = try value(a, "runs")
                    guard let n = Int(text), n > 0 else {
                        throw UsageError(message: "The value '\(text)' is invalid for '--budget <runs>': expected a positive integer", command: "shrink")
                    }
                    o.budget = n
                default: throw UsageError(message: "Unknown option '\(a)'", command: "shrink")
                }
            }
            i += 1
        }
        guard let file = positional.first else { throw UsageError(message: "Missing expected argument '<file>'", command: "shrink") }
        if positional.count > 1 { throw UsageError(message: "Unexpected argument '\(positional[1])'", command: "shrink") }
        o.file = file
        return o
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        do { o = try parse(args) } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        guard let data = FileManager.default.contents(atPath: o.file) else {
            console.err("error: cannot read '\(o.file)'\n")
            return CLI.exitBadInput
        }
        let text = String(decoding: data, as: UTF8.self)
        let result: ShrinkResult?
        do {
            result = try ScenarioShrinker.shrink(text: text, file: o.file, topology: o.topology, seed: o.seed, budget: o.budget)
        } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        guard let result else {
            let which = o.topology.map { "topology '\($0)' of " } ?? ""
            console.err("error: \(which)'\(o.file)' does not fail: every expectation holds and no invariant breaks; nothing to shrink\n")
            return CLI.exitBadInput
        }
        let base = URL(fileURLWithPath: o.file).deletingPathExtension().lastPathComponent
        let out = o.out ?? base + ".min.json5"
        let header = "// Shrunk by 'hooksim shrink \(o.file)' in \(result.runs) runs; still fails: \(result.signature).\n"
        do {
            try (header + result.text).write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            console.err("error: cannot write '\(out)': \(error.localizedDescription)\n")
            return CLI.exitBadInput
        }
        console.out("Fails: \(result.signature)\n")
        for step in result.steps { console.out("  \(step)\n") }
        console.out("\(result.steps.count) reductions in \(result.runs) runs; wrote \(out)\n")
        return CLI.exitOK
    }
}
