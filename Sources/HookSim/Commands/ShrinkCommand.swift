import Foundation

/// `hooksim shrink`: the smallest scenario that still fails the same way (DESIGN.md §7.3).
enum ShrinkCommand {
    struct Options: Equatable {
        var file: String
        var topology: String?
        var seed: UInt64?
        var out: String?
        var budget: Int
    }

    /// Reads the command line of `shrink` (without the command name) through its table.
    static func parse(_ args: [String]) throws(UsageError) -> Options {
        let p = try OptionTable.shrink.parse(args)
        return Options(
            file: p.positional(0) ?? "", topology: p.value("--topology"), seed: p.uint64("--seed"),
            out: p.value("--out"), budget: p.defaulted("--budget", as: { Int($0) }))
    }

    static func run(_ args: [String], console: Console) -> Int32 {
        let o: Options
        switch OptionTable.shrink.read(args, console: console, parse) {
        case .success(let v): o = v
        case .failure(let status): return status.code
        }
        guard let data = FileManager.default.contents(atPath: o.file) else {
            console.err("error: cannot read '\(o.file)'\n")
            return CLI.exitBadInput
        }
        let text = String(decoding: data, as: UTF8.self)
        let result: ShrinkResult?
        do {
            result = try ScenarioShrinker.shrink(
                text: text, file: o.file, topology: o.topology, seed: o.seed, budget: o.budget)
        } catch {
            console.err(error.description + "\n")
            return CLI.exitBadInput
        }
        guard let result else {
            let which = o.topology.map { "topology '\($0)' of " } ?? ""
            console.err(
                "error: \(which)'\(o.file)' does not fail: every expectation holds and no invariant breaks; nothing to shrink\n"
            )
            return CLI.exitBadInput
        }
        let base = URL(fileURLWithPath: o.file).deletingPathExtension().lastPathComponent
        let out = o.out ?? base + ".min.json5"
        let header =
            "// Shrunk by 'hooksim shrink \(o.file)' in \(result.runs) runs; still fails: \(result.signature).\n"
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
