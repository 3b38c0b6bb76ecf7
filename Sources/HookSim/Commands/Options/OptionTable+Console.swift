extension OptionTable {
    /// The preamble every command shares: reads its options with `parse`, printing the help (exit 0)
    /// when asked for, or the usage error (exit 2).
    /// - Returns: the options, or the exit status to end with.
    func read<T>(_ arguments: [String], console: Console, _ parse: ([String]) throws(UsageError) -> T)
        -> Result<T, ExitStatus>
    {
        if Self.asksForHelp(arguments) {
            console.out(help)
            return .failure(ExitStatus(code: CLI.exitOK))
        }
        do {
            return .success(try parse(arguments))
        } catch {
            console.err(error.description + "\n")
            return .failure(ExitStatus(code: CLI.exitBadInput))
        }
    }
}
