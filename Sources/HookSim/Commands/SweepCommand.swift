/// `sweep`, `saturate` and `merge`.
enum SweepCommand {
    static func sweep(_ arguments: [String], console: Console) -> Int32 {
        console.err("error: sweep is not available yet\n")
        return CLI.exitBadInput
    }
    static func saturate(_ arguments: [String], console: Console) -> Int32 {
        console.err("error: saturate is not available yet\n")
        return CLI.exitBadInput
    }
    static func merge(_ arguments: [String], console: Console) -> Int32 {
        console.err("error: merge is not available yet\n")
        return CLI.exitBadInput
    }
}
