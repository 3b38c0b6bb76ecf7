import Foundation

/// `hooksim trace FILE --topology T [--out F.jsonl] [--limit N] [--seed N] [--set PATH=VALUE]…`:
/// every delivery attempt of one topology as a JSON line (DESIGN.md §7.4).
struct TraceOptions: Equatable, Sendable {
    var file: String
    var topology: String?
    var out: String?
    var limit: Int?
    var seed: UInt64?
    var sets: [String]

    /// Reads the arguments after `trace` through its table; a pure function, so it is unit-tested.
    static func parse(_ args: [String]) throws(UsageError) -> TraceOptions {
        let p = try OptionTable.trace.parse(args)
        return TraceOptions(
            file: p.positional(0) ?? "", topology: p.value("--topology"), out: p.value("--out"),
            limit: p.int("--limit"),
            seed: p.uint64("--seed"), sets: p.values("--set"))
    }
}

enum TraceCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let o: TraceOptions
        switch OptionTable.trace.read(arguments, console: console, TraceOptions.parse) {
        case .success(let v): o = v
        case .failure(let status): return status.code
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
            let interrupted = { interruptRequested.load(ordering: .relaxed) }
            _ = try Tracer.run(scenario, topology: index, interrupted: interrupted) {
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
