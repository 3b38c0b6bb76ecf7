import Foundation

/// `hooksim merge`: shard reports of `load` (JSON with `requests` and `latency.buckets`) are merged
/// into one load report; anything else is a sweep part, merged by `sweep`'s rules.
enum MergeCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        let p: ParsedOptions
        switch OptionTable.merge.read(
            arguments, console: console, { args throws(UsageError) in try OptionTable.merge.parse(args) })
        {
        case .success(let v): p = v
        case .failure(let status): return status.code
        }
        guard let first = p.positional(0), let data = FileManager.default.contents(atPath: first),
            looksLikeLoadReport([UInt8](data.prefix(4096)))
        else { return SweepCommand.merge(arguments, console: console) }
        return LoadCommand.merge(
            p.positionals, format: p.value("--format") ?? "text", out: p.value("--out"), console: console)
    }

    /// A load report says so near its start (`"report": "load"`), a sweep part does not.
    static func looksLikeLoadReport(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("\"report\": \"load\"") || text.contains("\"report\":\"load\"")
    }
}
