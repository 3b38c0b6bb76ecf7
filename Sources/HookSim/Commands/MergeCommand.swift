import Foundation

/// `hooksim merge`: shard reports of `load` (JSON with `requests` and `latency.buckets`) are merged
/// into one load report; anything else is a sweep part, merged by `sweep`'s rules.
enum MergeCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = positional(arguments).first, let data = FileManager.default.contents(atPath: first),
            looksLikeLoadReport([UInt8](data.prefix(4096)))
        else { return SweepCommand.merge(arguments, console: console) }
        return LoadCommand.merge(arguments, console: console)
    }

    /// The file arguments: everything that is not an option or an option's value.
    static func positional(_ arguments: [String]) -> [String] {
        var files: [String] = []
        var i = 0
        while i < arguments.count {
            if arguments[i] == "--format" || arguments[i] == "--out" {
                i += 2
                continue
            }
            if !arguments[i].hasPrefix("-") { files.append(arguments[i]) }
            i += 1
        }
        return files
    }

    /// A load report says so near its start (`"report": "load"`), a sweep part does not.
    static func looksLikeLoadReport(_ head: [UInt8]) -> Bool {
        let text = String(decoding: head, as: UTF8.self)
        return text.contains("\"report\": \"load\"") || text.contains("\"report\":\"load\"")
    }
}
