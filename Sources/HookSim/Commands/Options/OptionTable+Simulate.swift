/// The tables of `run`, `compare`, `check`, `validate` and `help`.
extension OptionTable {
    static let formats = ValueRule.oneOf(["text", "json", "md", "html"])
    static let jobs = Option.value(
        "--jobs", "<n>", "Topologies run at once; the output is the same for any value.", rule: .positiveInteger,
        default: .note("the number of cores"))

    static let run = OptionTable(
        command: "run", summary: "Simulate a scenario's topologies and report what Aha! receives",
        about: """
            Runs every topology of the scenario (or those named with --topology) on the identical Jira
            world and activity, prints the report, and writes Results/<scenario>/report.{json,md,html}.
            A run with --set, another --seed or --topology leaves that baseline alone: it writes
            Results/<scenario>+<overrides>/ (such as single-vs-multi+seed=7) unless --out is given.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .repeated("--topology", "<name>", "Run only this topology."),
            .value("--seed", "<n>", "Override the scenario's seed.", rule: .seed),
            .repeated(
                "--set", "<path=value>",
                "Replace a value of the scenario before it is checked, as sweep --vary does: --set activity.rate=600/h.",
                rule: .setting),
            .value(
                "--format", "<format>", "The report's format, printed to standard output.", rule: formats,
                default: .value("text")),
            .value("--out", "<dir>", "Folder that holds one folder per scenario.", default: .value("Results")),
            .flag("--no-save", "Do not write report files."),
            .flag("--quiet", "Print nothing but errors."),
            .value(
                "--max-events", "<n>", "Stop with an error after n engine events per topology.",
                rule: .positiveInteger),
            jobs,
        ],
        footer: """
            Exit status: 0 all expectations held, 1 an expectation failed, 2 bad input,
            3 an internal invariant broke (a bug: the message gives the seed), 130 interrupted.
            """)

    static let compare = OptionTable(
        command: "compare", summary: "Show every topology of one or more scenarios side by side",
        about: """
            Runs every topology of every file and shows them side by side, one column each; values that
            differ from the first column are marked (▲ higher, ▼ lower).
            """,
        positionals: [Positional("<file>", "A scenario file.", count: .oneOrMore)],
        options: [
            .value(
                "--format", "<format>", "The format of the side-by-side table.", rule: formats, default: .value("text")),
            .value("--seed", "<n>", "Override every scenario's seed.", rule: .seed),
            jobs,
        ])

    static let check = OptionTable(
        command: "check", summary: "Run scenarios and check their expect blocks (for CI)",
        about: """
            Runs every scenario in the files and folders given (*.json5 in a folder, sorted by name),
            checks each topology's expect block, prints one line per scenario and topology, and ends
            with 'N passed, N failed'. Exit status 1 when any expectation failed. A failure prints the
            command that reproduces that one run. With --save, also writes the reports like run.
            """,
        positionals: [Positional("<path>", "A scenario file, or a folder of them.", count: .oneOrMore)],
        options: [
            .flag("--save", "Also write Results/<scenario>/report.{json,md,html}."),
            .value(
                "--out", "<dir>", "Save the reports under this folder (implies --save).", default: .value("Results")),
            .flag("--quiet", "Print only failures and the summary line."),
            .value(
                "--format", "<format>", "junit prints JUnit XML on standard output instead of the text lines.",
                rule: .oneOf(["text", "junit"]), default: .value("text")),
            .value("--junit", "<file>", "Also write JUnit XML to <file>."),
            jobs,
        ],
        footer: """
            With GITHUB_ACTIONS=true, failed expectations are also printed as ::error annotations (file
            and line) and the verdict is appended to $GITHUB_STEP_SUMMARY when it names a file.
            """)

    static let validate = OptionTable(
        command: "validate", summary: "Load and check scenario files without running them",
        about: """
            Loads each file, or each *.json5 file of a folder, and checks it: syntax, keys, references,
            ranges, JQL. Prints 'ok' per file.
            """,
        positionals: [Positional("<path>", "A scenario file, or a folder of them.", count: .oneOrMore)])

    static let helpCommand = OptionTable(
        command: "help", summary: "Show help for a command",
        about: "Shows the list of commands, or the help of one command.",
        positionals: [Positional("<command>", "The command to show.", count: .optional)],
        options: [.flag("--markdown", "Print every command's reference as Markdown (the README's).")])
}
