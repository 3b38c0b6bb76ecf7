/// Help text for `hooksim help`, `hooksim help COMMAND`, `--help` on every command and the
/// README's reference, all generated from the commands' option tables.
public enum Help {
    /// Every command's table, in the order `hooksim help` lists them.
    public static let tables: [OptionTable] = [
        .run, .compare, .check, .validate, .jql, .sweep, .saturate, .trace, .load, .merge, .shrink, .explain,
        .importWebhooks, .fit, .serve, .helpCommand,
    ]

    /// The table of `command`, if there is one.
    public static func table(_ command: String) -> OptionTable? { tables.first { $0.command == command } }

    /// Each command's usage line, by command.
    static var usage: [String: String] {
        Dictionary(uniqueKeysWithValues: tables.map { ($0.command, $0.usage) })
    }

    /// `hooksim help`: what the tool is and its commands.
    public static func overview() -> String {
        var out = """
            hooksim — a deterministic simulator and load tester of Jira → Aha! webhook topologies.

            USAGE: hooksim <command> [options]

            COMMANDS:

            """
        let width = tables.map(\.command.count).max() ?? 0
        for t in tables {
            out += "  " + t.command + String(repeating: " ", count: width - t.command.count + 3) + t.summary + "\n"
        }
        out += """

            Start with:  hooksim run Scenarios/single-vs-multi.json5
            See 'hooksim help <command>' for a command's options; 'hooksim --version' prints the version.
            '--' ends the options: what follows is an argument even when it starts with '-'.
            """
        return out
    }

    /// `hooksim help COMMAND` and `hooksim COMMAND --help`.
    public static func text(for command: String) -> String { table(command)?.help ?? overview() + "\n" }

    /// `hooksim help --markdown`: every command's reference, as the README holds it.
    public static func markdown() -> String {
        tables.map(\.markdown).joined(separator: "\n")
    }
}
