/// `hooksim load`: placeholder until the runner lands (same branch, next commit).
enum LoadCommand {
    static func run(_ arguments: [String], console: Console) -> Int32 {
        console.err("error: 'load' is not available in this build\n")
        return CLI.exitBadInput
    }

    static func merge(_ arguments: [String], console: Console) -> Int32 { SweepCommand.merge(arguments, console: console) }
}
