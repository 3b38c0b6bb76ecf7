/// Help text for `hooksim help`, `hooksim help COMMAND` and `--help` on every command.
public enum Help {
    /// Commands in the order `hooksim help` lists them.
    static let commands: [(name: String, summary: String)] = [
        ("run", "Simulate a scenario's topologies and report what Aha! receives"),
        ("compare", "Show every topology of one or more scenarios side by side"),
        ("check", "Run scenarios and check their expect blocks (for CI)"),
        ("validate", "Load and check scenario files without running them"),
        ("jql", "Match issues against a JQL query, or check a query"),
        ("sweep", "Run a scenario over a grid of parameter values, with replications"),
        ("saturate", "Find the highest load that still meets service-level objectives"),
        ("trace", "Write every delivery attempt of a topology as Jira's own requests (JSON lines)"),
        ("load", "Send a topology's Jira traffic as real HTTP requests to an endpoint"),
        ("merge", "Combine the parts of a sharded sweep, or the reports of sharded load runs"),
        ("shrink", "Reduce a failing scenario to a smaller one that fails the same way"),
        ("explain", "Tell what happened to one Jira issue's changes, or list the cases of a drop reason"),
        ("import", "Turn the webhooks Jira lists into a scenario's webhooks block"),
        ("fit", "Print projects and activity blocks that generate traffic like a recording"),
        ("serve", "Serve the scenario's Aha! account over real HTTP, for Jira or a relay to aim at"),
        ("help", "Show help for a command"),
    ]

    static let usage: [String: String] = [
        "run": "hooksim run <file> [--topology <name>]... [--seed <n>] [--set <path=value>]... [--format text|json|md|html] [--out <dir>] [--no-save] [--quiet] [--max-events <n>] [--jobs <n>]",
        "compare": "hooksim compare <file> [<file>...] [--format text|json|md|html] [--seed <n>] [--jobs <n>]",
        "check": "hooksim check <path>... [--save] [--out <dir>] [--quiet] [--format text|junit] [--junit <file>] [--jobs <n>]",
        "validate": "hooksim validate <path>...",
        "jql":
            "hooksim jql (--issues <file> | --check) [--dynamic] [--now <time>] [--scenario <file> [--jira <id>]] '<query>'",
        "sweep": "hooksim sweep <file> --vary <path>=<v1>,<v2>... [--vary ...] [--topology <name>] [--replications <n>] [--jobs <j>] [--shard <k>/<n>] [--measure <path>]... [--format text|json|csv|md|html] [--out <dir>] [--no-save]",
        "saturate": "hooksim saturate <file> --vary <path>=<low>..<high> --slo '<measure> <op> <bound>' [--slo ...] [--topology <name>] [--replications <n>] [--jobs <j>] [--steps <n>]",
        "trace": "hooksim trace <file> [--topology <name>] [--out <file.jsonl>] [--limit <n>] [--seed <n>] [--set <path=value>]...",
        "load": "hooksim load <file> --target <url>|as-configured [--topology <name>] [--speed <x>|max] [--connections <n>] [--max-requests <n>] [--shard <k>/<n>] [--expect '<path> <op> <bound>']... [--format text|json|md|html] [--out <file>] [--seed <n>] [--set <path=value>]...",
        "merge": "hooksim merge <part>... [--format text|json|csv|md|html] [--out <dir>]  |  hooksim merge <load-report.json>... [--format text|json|md|html] [--out <file>]",
        "shrink": "hooksim shrink <file> [--topology <name>] [--seed <n>] [--out <file>] [--budget <runs>]",
        "explain": "hooksim explain <file> --topology <name> (--issue <key> | --reason <reason>) [--seed <n>] [--set <path=value>]... [--change <n>] [--pair] [--limit <n>] [--format text|json]",
        "import": "hooksim import jira-webhooks <file> --scenario <file>",
        "fit": "hooksim fit <file> [--scenario <file>]",
        "serve": "hooksim serve <file> [--topology <name>] [--listen <host:port>] [--port-file <file>] [--time-scale <x>]",
        "help": "hooksim help [<command>]",
    ]

    static let details: [String: String] = [
        "run": """
            Runs every topology of the scenario (or those named with --topology) on the identical Jira
            world and activity, prints the report, and writes Results/<scenario>/report.{json,md,html}.
            A run with --set, another --seed or --topology leaves that baseline alone: it writes
            Results/<scenario>+<overrides>/ (such as single-vs-multi+seed=7) unless --out is given.

            Options:
              --topology <name>   Run only this topology (repeatable).
              --seed <n>          Override the scenario's seed.
              --set <path=value>  Replace a value of the scenario before it is checked, as
                                  sweep --vary does (repeatable): --set activity.rate=600/h
              --format <format>   text (default), json, md or html, printed to standard output.
              --out <dir>         Folder that holds one folder per scenario (default: Results).
              --no-save           Do not write report files.
              --quiet             Print nothing but errors.
              --max-events <n>    Stop with an error after n engine events per topology.
              --jobs <n>          Topologies run at once (default: the number of cores); output is the same.

            Exit status: 0 all expectations held, 1 an expectation failed, 2 bad input,
            3 an internal invariant broke (a bug: the message gives the seed), 130 interrupted.
            """,
        "compare": """
            Runs every topology of every file and shows them side by side, one column each; values that
            differ from the first column are marked (▲ higher, ▼ lower).
            """,
        "check": """
            Runs every scenario in the files and folders given (*.json5 in a folder, sorted by name),
            checks each topology's expect block, prints one line per scenario and topology, and ends
            with 'N passed, N failed'. Exit status 1 when any expectation failed. A failure prints the
            command that reproduces that one run. With --save, also writes the reports like run.

            Options:
              --save             Also write Results/<scenario>/report.{json,md,html}.
              --out <dir>        Save the reports under this folder (implies --save; default: Results).
              --quiet            Print only failures and the summary line.
              --format <format>  text (default) or junit: JUnit XML on standard output instead.
              --junit <file>     Also write JUnit XML to <file>.
            With GITHUB_ACTIONS=true, failed expectations are also printed as ::error annotations (file
            and line) and the verdict is appended to $GITHUB_STEP_SUMMARY when it names a file.
            """,
        "validate": "Loads each file, or each *.json5 file of a folder, and checks it: syntax, keys, references, ranges, JQL. Prints 'ok' per file.",
        "jql": """
            --issues <file>  A JSON array of {"key": …, "fields": {…}}; prints the keys of matching issues.
            --check          Only validate the query.
            --scenario <f>   Also check fields and values against a scenario's Jira instance (as the loader does).
            --jira <id>      The instance of --scenario to check against (default: its first).
            --dynamic        Apply Jira Cloud's restrictions for app-registered (dynamic) webhooks.
            --now <time>     Reference time for relative dates (default: latest created/updated in the file).
            """,
        "sweep": """
            Runs the grid (cartesian product, first --vary slowest) of the values given, every topology
            at every point, each point with N replications; reports mean and 95% confidence interval
            (Student's t) of each measure. Replication r uses seed SplitMix64.mix(seed XOR r), the same
            at every point. Without --vary, the file's sweep key is used. Output does not depend on --jobs.

            Options:
              --vary <path>=<v1>,<v2>   A path into the scenario as written (activity.rate, jira[0].delivery.retry.max).
              --replications <n>        Replications per point (default: the file's sweep.replications, else 5).
              --jobs <j>                Runs at a time (default: the number of cores).
              --measure <path>          A report path to show (repeatable); default applied.ratio,
                                        duplicates.visible, dropped.total, latency.p99, aha.utilization.
              --shard <k>/<n>           Run only runs with index % n == k-1; print (or write to --out) a part file.
              --format <format>         text (default), json, csv, md or html, printed to standard output.
              --out <dir>               Folder for <scenario>/sweep.{json,md,html,csv} (default: Results).
              --no-save                 Do not write files.
            """,
        "saturate": """
            Per topology, bisects LOW..HIGH (numbers, rates such as 60/h..60000/h, durations such as 1s..30s)
            for the highest value whose replication means meet every --slo, printing each point tried.
            Whole-number bounds bisect over whole numbers. Says so when LOW already fails or HIGH still passes.
              --slo '<measure> <op> <bound>'   e.g. 'latency.p99 < 60s', 'applied.ratio >= 0.99' (repeatable).
              --steps <n>                       Bisection steps after the two ends (default 8).
            """,
        "trace": """
            Simulates one topology (the only one, or --topology) and writes every delivery attempt, in
            send order, as one JSON line: {"at", "webhook", "url", "attempt", "headers", "body", "answer"}.
            Headers and bodies are shaped as Jira Cloud or Data Center sends them; X-Atlassian-Webhook-
            Identifier is the same on every retry of one delivery, X-Atlassian-Webhook-Retry is on retries
            only; "answer" is null when Jira got none. Same scenario and seed, same bytes.

            Options:
              --out <file>        Write the lines there instead of standard output.
              --limit <n>         Stop after n lines.
              --seed <n>          Override the scenario's seed.
              --set <path=value>  Replace a scenario value first (repeatable).
            """,
        "load": """
            Sends the first attempt of every delivery of one topology as a real HTTP POST, with Jira's
            headers and body, to <url>/webhooks/<integration-id> (or each integration's webhookUrl with
            --target as-configured), each at its simulated send time compressed --speed times: an open
            schedule, latency measured from the due time. Real answers are handled as Jira does: Cloud
            retries 408, 409, 425, 429, 5xx and timeouts with the scenario's backoff (compressed the same
            way), Data Center never retries. Prints requests by status, retries, timeouts, latency
            percentiles, scheduled and achieved rate, and the target's GET /report when it answers.

            Options:
              --speed <x>|max          Time compression (default 60); max: as fast as the connections allow.
              --connections <n>        Requests in flight at once (default 16).
              --max-requests <n>       Send at most the first n scheduled deliveries.
              --shard <k>/<n>          Send every n-th delivery starting at the k-th (merge the reports).
              --expect '<path> <op> <bound>'  e.g. 'latency.p99 < 250ms', 'requests.failed == 0' (repeatable).
              --format <format>        text (default), json, md or html.
              --out <file>             Also write the report there (format from --format).

            Exit status: 0 every --expect held, 1 one failed, 2 bad input.
            """,
        "merge": """
            Merges the reports of sharded 'load --shard k/n --format json' runs into one (counts added,
            latency histograms combined exactly). Otherwise:
            Merges the part files written by 'sweep --shard k/n' into exactly the output of the unsharded
            sweep. Checks that the parts come from one sweep and that every shard is present once.
            With --out, also writes <dir>/<scenario>/sweep.{json,md,html,csv}.
            """,
        "import": """
            Reads the JSON array that Jira's admin REST resource for webhooks returns
            (GET /rest/webhooks/1.0/webhook: name, url, events, filters["issue-related-events-section"],
            excludeBody, enabled) and prints the equivalent 'webhooks: [...]' block for the scenario.
            Each url must equal one integration's aha.integrations[].webhookUrl; the webhook runs as that
            integration's runAs. Events HookSim does not model (sprints, versions, worklogs, ...) are
            left out and named in a comment above the block. A topology can also read the file itself:
            topologies: [{name: "as-in-jira", webhooks: {import: "jira-webhooks.json"}}].

            Options:
              --scenario <file>  The scenario whose integrations the webhooks post to.
            """,
        "fit": """
            Reads a recording of Jira webhook bodies (one body per line, or 'hooksim trace' lines) the
            way activity: {trace: FILE} does — one change per (issue, webhookEvent, timestamp, comment
            or changelog id) — and prints 'projects: [...]' (for jira[]) and 'activity: {...}' blocks
            that generate traffic like it: the rate per hour, the mix of change kinds, per project its
            weight and issue-type shares, and the bursts found. A burst is a run of minutes each holding
            more than 10 times the median number of changes per minute; it is taken out of the rate.

            Options:
              --scenario <file>  Place issues in this scenario's projects and recognise echoes by
                                 its integration accounts (then echoShare is printed too).
            """,
        "shrink": """
            Takes a scenario that fails — an expect entry, or an internal invariant — and finds a smaller
            scenario that fails the same way: the same topology and the same expectation (path and
            operator) or invariant. It removes other topologies, timeline entries, bursts, integrations,
            users, workspaces, webhooks and projects (and whatever referred to them), then halves
            duration, drain, rates, issue counts, users, workers and fault probabilities, until nothing
            changes or the budget of runs is spent. Prints what it removed and writes the result, a
            loadable scenario file. Same input, same output. A scenario that does not fail: exit 2.

            Options:
              --topology <name>  The topology whose failure to keep (default: the first that fails).
              --seed <n>         Override the scenario's seed (written into the result).
              --out <file>       Where to write the result (default: <name>.min.json5 in the current folder).
              --budget <runs>    The most simulation runs to spend (default 500).
            """,
        "explain": """
            Runs one topology once and tells, in time order, every change of one Jira issue: what each
            webhook did with it (disabled, not subscribed, the filter clause that failed, sent), every
            delivery attempt and its answer, what the endpoint did on arrival (run-as user, version,
            roles, the write or why none), and the oracle's verdict per intended pair: applied (when,
            latency), duplicate writes, or dropped with its reason and how far each webhook got. It ends
            with the issue's record in each workspace against Jira (divergent or not).

            Options:
              --topology <name>   The topology to run (may be left out when the file has one).
              --issue <key>       The Jira issue, e.g. WEB-42.
              --reason <reason>   Without --issue: the changes with a pair dropped for this reason, across
                                  all issues (the cases behind dropped.byReason.<reason>); with --issue:
                                  only those of the issue.
              --limit <n>         With --reason: at most n changes, the earliest (default 20).
              --change <n>        Only change #n (the number the story shows).
              --pair              Only the pairs dropped or duplicated.
              --seed <n>, --set <path=value>   As for run.
              --format <format>   text (default) or json: one JSON object per line (keys in the README).
            Exit status: 0, or 2 for bad input (an unknown issue key lists close matches).
            """,
        "serve": """
            Runs the scenario's Aha! account as an HTTP/1.1 server. POST /webhooks/<integration-id> is that
            integration's endpoint, running as its run-as user and applying Aha!'s rules to Jira's bodies
            (version, run-as rights, diffs, comments never de-duplicated, imports), with the scenario's
            workers, service time, rate and queue limits (429 with Retry-After). Issues it does not know
            are linked on first sight, so a real Jira can be pointed at it. With an integration's
            'secret' it checks X-Hub-Signature (401 when wrong).
            GET /report (JSON, the simulation's key names), GET /metrics (Prometheus), GET /healthz,
            POST /admin/outage?for=30s, POST /admin/run-as?integration=ID&user=NAME, POST /admin/reset.
            Ctrl-C or SIGTERM stops it and prints the final report.

            Options:
              --topology <name>     Run-as users from this topology's webhooks (default: aha.integrations[].runAs).
              --listen <host:port>  Address to listen on (default 127.0.0.1:8080; port 0 picks a free one).
                                    Only loopback unless another address is given here.
              --port-file <file>    Write the bound port to this file once listening.
              --time-scale <x>      Divide service times by x and multiply rate limits by x (default 1).
            """,
        "help": "Shows the list of commands, or the help of one command.",
    ]

    /// `hooksim help`: what the tool is and its commands.
    public static func overview() -> String {
        var out = """
            hooksim — a deterministic simulator and load tester of Jira → Aha! webhook topologies.

            USAGE: hooksim <command> [options]

            COMMANDS:

            """
        let width = commands.map(\.name.count).max() ?? 0
        for c in commands { out += "  " + c.name + String(repeating: " ", count: width - c.name.count + 3) + c.summary + "\n" }
        out += """

            Start with:  hooksim run Scenarios/single-vs-multi.json5
            See 'hooksim help <command>' for a command's options; 'hooksim --version' prints the version.
            """
        return out
    }

    /// `hooksim help COMMAND` and `hooksim COMMAND --help`.
    public static func text(for command: String) -> String {
        let summary = commands.first(where: { $0.name == command })?.summary ?? ""
        return "\(summary)\n\nUSAGE: \(usage[command] ?? "")\n\n\(details[command] ?? "")\n"
    }
}
