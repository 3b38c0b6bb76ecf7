/// The tables of `sweep`, `saturate` and `merge`.
extension OptionTable {
    static let sweepFormats = ValueRule.oneOf(["text", "json", "csv", "md", "html"])
    static let sweepJobs = Option.value(
        "--jobs", "<j>", "Runs at a time; the output is the same for any value.", rule: .positiveInteger,
        default: .note("the number of cores"))
    static let replications = Option.value(
        "--replications", "<n>", "Replications per point.", rule: .positiveInteger,
        default: .note("the file's sweep.replications, else 5"))

    /// `PATH=VALUES`, both parts non-empty.
    static let varyRule = ValueRule.accepting("a path, '=' and values, such as activity.rate=600/h,6000/h") { text in
        guard let eq = text.firstIndex(of: "=") else { return false }
        return eq != text.startIndex && text.index(after: eq) != text.endIndex
    }

    static let sweep = OptionTable(
        command: "sweep", summary: "Run a scenario over a grid of parameter values, with replications",
        about: """
            Runs the grid (cartesian product, first --vary slowest) of the values given, every topology
            at every point, each point with N replications; reports mean and 95% confidence interval
            (Student's t) of each measure. Replication r uses seed SplitMix64.mix(seed XOR r), the same
            at every point. Without --vary, the file's sweep key is used. Output does not depend on --jobs.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .repeated(
                "--vary", "<path>=<v1>,<v2>",
                "A path into the scenario as written (activity.rate, jira[0].delivery.retry.max) and its values.",
                rule: varyRule),
            .repeated("--topology", "<name>", "Run only this topology."),
            replications,
            sweepJobs,
            .value(
                "--shard", "<k>/<n>", "Run only runs with index % n == k-1; print (or write to --out) a part file.",
                rule: .shard),
            .repeated(
                "--measure", "<path>",
                "A report path to show; default applied.ratio, duplicates.visible, dropped.total, latency.p99, aha.utilization."
            ),
            .value(
                "--format", "<format>", "The format printed to standard output.",
                rule: sweepFormats, default: .value("text")),
            .value("--out", "<dir>", "Folder for <scenario>/sweep.{json,md,html,csv}.", default: .note("Results")),
            .flag("--no-save", "Do not write files."),
        ])

    static let saturate = OptionTable(
        command: "saturate", summary: "Find the highest load that still meets service-level objectives",
        about: """
            Per topology, bisects LOW..HIGH (numbers, rates such as 60/h..60000/h, durations such as 1s..30s)
            for the highest value whose replication means meet every --slo, printing each point tried.
            Whole-number bounds bisect over whole numbers. Says so when LOW already fails or HIGH still passes.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .repeated(
                "--vary", "<path>=<low>..<high>", "The one path to vary, and its range (give it once).",
                rule: varyRule),
            .repeated("--slo", "'<measure> <op> <bound>'", "e.g. 'latency.p99 < 60s', 'applied.ratio >= 0.99'."),
            .repeated("--topology", "<name>", "Run only this topology."),
            replications,
            sweepJobs,
            .value(
                "--steps", "<n>", "Bisection steps after the two ends.", rule: .positiveInteger, default: .value("8")),
        ])

    static let merge = OptionTable(
        command: "merge", summary: "Combine the parts of a sharded sweep, or the reports of sharded load runs",
        about: """
            Merges the reports of sharded 'load --shard k/n --format json' runs into one (counts added,
            latency histograms combined exactly); --format then takes text, json, md or html and --out
            names a file. Otherwise merges the part files written by 'sweep --shard k/n' into exactly the
            output of the unsharded sweep. Checks that the parts come from one sweep and that every shard
            is present once. With --out, also writes <dir>/<scenario>/sweep.{json,md,html,csv}.
            """,
        positionals: [Positional("<part>", "A sweep part file, or a load report (JSON).", count: .oneOrMore)],
        options: [
            .value(
                "--format", "<format>", "The format printed (csv for sweep parts only).",
                rule: sweepFormats, default: .value("text")),
            .value(
                "--out", "<dir>", "Where to write the merged result: a folder for sweep parts, a file for load reports."
            ),
        ])
}
