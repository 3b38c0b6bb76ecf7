import JQL

/// The tables of `jql`, `trace`, `load` and `serve`.
extension OptionTable {
    static let jql = OptionTable(
        command: "jql", summary: "Match issues against a JQL query, or check a query",
        about: """
            Give --issues <file> to list the issues a query matches, or --check to only validate it. Same
            parser, validation and errors as the simulator, so a webhook filter can be tried first.
            """,
        positionals: [Positional("<query>", "The JQL query (quote it for the shell; after -- when it starts with -).")],
        options: [
            .value(
                "--issues", "<file>",
                "JSON array of issues: [{\"key\": \"WEB-1\", \"fields\": {\"project\": \"WEB\", …}}]; prints the keys of matching issues, one per line, in file order. Each issue may carry \"history\": {\"status\": [{\"from\", \"to\", \"at\", \"by\"}, …]} so WAS and CHANGED can be tried by hand."
            ),
            .flag("--check", "Only validate the query; prints \"ok\"."),
            .value(
                "--scenario", "<file>",
                "Also check fields and values against a scenario's Jira instance, as Jira checks a webhook's filter when it is saved (unknown field, project, status, …)."
            ),
            .value("--jira", "<id>", "The instance of --scenario to check against.", default: .note("its first")),
            .flag(
                "--dynamic",
                "Apply Jira Cloud's dynamic-webhook restrictions (issueKey, project, issuetype, status, assignee, reporter, issue.property, cf[id]; =, !=, IN, NOT IN)."
            ),
            .value(
                "--now", "<time>", "Reference time for relative dates, e.g. 2026-01-20T00:00:00Z.",
                rule: .accepting("a time such as 2026-01-20T00:00:00Z") { JQLValue.timestamp($0) != nil },
                default: .note("the latest \"created\" or \"updated\" in the file")),
        ],
        footer: "Exit status: 0 on success (also when nothing matches), 2 for an invalid query, file or option.")

    static let trace = OptionTable(
        command: "trace", summary: "Write every delivery attempt of a topology as Jira's own requests (JSON lines)",
        about: """
            Simulates one topology (the only one, or --topology) and writes every delivery attempt, in
            send order, as one JSON line: {"at", "webhook", "url", "attempt", "headers", "body", "answer"}.
            Headers and bodies are shaped as Jira Cloud or Data Center sends them; X-Atlassian-Webhook-
            Identifier is the same on every retry of one delivery, X-Atlassian-Webhook-Retry is on retries
            only; "answer" is null when Jira got none. Same scenario and seed, same bytes.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .value("--topology", "<name>", "The topology to trace (may be left out when the file has one)."),
            .value("--out", "<file>", "Write the lines there instead of standard output."),
            .value("--limit", "<n>", "Stop after n lines.", rule: .positiveInteger),
            .value("--seed", "<n>", "Override the scenario's seed.", rule: .seed),
            .repeated("--set", "<path=value>", "Replace a scenario value first.", rule: .setting),
        ])

    static let load = OptionTable(
        command: "load", summary: "Send a topology's Jira traffic as real HTTP requests to an endpoint",
        about: """
            Sends the first attempt of every delivery of one topology as a real HTTP POST, with Jira's
            headers and body, to <url>/webhooks/<integration-id> (or each integration's webhookUrl with
            --target as-configured), each at its simulated send time compressed --speed times: an open
            schedule, latency measured from the due time. Real answers are handled as Jira does: Cloud
            retries 408, 409, 425, 429, 5xx and timeouts with the scenario's backoff (compressed the same
            way), Data Center never retries. Prints requests by status, retries, timeouts, latency
            percentiles, scheduled and achieved rate, and the target's GET /report when it answers.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .value(
                "--target", "<url>",
                "An http:// or https:// base URL, or as-configured: each integration's webhookUrl.",
                rule: .accepting("an http:// or https:// URL, or as-configured") { text in
                    text == "as-configured"
                        || ((text.hasPrefix("http://") || text.hasPrefix("https://")) && text.count > 8)
                }, required: true),
            .value("--topology", "<name>", "The topology to send (may be left out when the file has one)."),
            .value(
                "--speed", "<x>|max", "Time compression; max: as fast as the connections allow.",
                rule: .accepting("a positive number or max") {
                    $0 == "max" || (Double($0).map { $0.isFinite && $0 > 0 } ?? false)
                },
                default: .value("60")),
            .value(
                "--connections", "<n>", "Requests in flight at once.", rule: .positiveInteger, default: .value("16")),
            .value("--max-requests", "<n>", "Send at most the first n scheduled deliveries.", rule: .positiveInteger),
            .value(
                "--shard", "<k>/<n>", "Send every n-th delivery starting at the k-th (merge the reports).",
                rule: .shard),
            .repeated(
                "--expect", "'<path> <op> <bound>'", "e.g. 'latency.p99 < 250ms', 'requests.failed == 0'."),
            .value("--format", "<format>", "The report's format.", rule: formats, default: .value("text")),
            .value("--out", "<file>", "Also write the report there (format from --format)."),
            .value("--seed", "<n>", "Override the scenario's seed.", rule: .seed),
            .repeated("--set", "<path=value>", "Replace a scenario value first.", rule: .setting),
        ],
        footer: "Exit status: 0 every --expect held, 1 one failed, 2 bad input.")

    static let serve = OptionTable(
        command: "serve", summary: "Serve the scenario's Aha! account over real HTTP, for Jira or a relay to aim at",
        about: """
            Runs the scenario's Aha! account as an HTTP/1.1 server. POST /webhooks/<integration-id> is that
            integration's endpoint, running as its run-as user and applying Aha!'s rules to Jira's bodies
            (version, run-as rights, diffs, comments never de-duplicated, imports), with the scenario's
            workers, service time, rate and queue limits (429 with Retry-After). Issues it does not know
            are linked on first sight, so a real Jira can be pointed at it. With an integration's
            'secret' it checks X-Hub-Signature (401 when wrong).
            GET /report (JSON, the simulation's key names), GET /metrics (Prometheus), GET /healthz,
            POST /admin/outage?for=30s, POST /admin/run-as?integration=ID&user=NAME, POST /admin/reset.
            Ctrl-C or SIGTERM stops it and prints the final report.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .value(
                "--topology", "<name>", "Run-as users from this topology's webhooks.",
                default: .note("aha.integrations[].runAs")),
            .value(
                "--listen", "<host:port>",
                "Address to listen on (port 0 picks a free one); only loopback unless another address is given here.",
                rule: .accepting("an IPv4 address and a port, such as 127.0.0.1:8080 (port 0 picks a free one)") {
                    ServeOptions.hostAndPort($0) != nil
                }, default: .value("127.0.0.1:8080")),
            .value("--port-file", "<file>", "Write the bound port to this file once listening."),
            .value(
                "--time-scale", "<x>", "Divide service times by x and multiply rate limits by x.",
                rule: .positiveNumber, default: .value("1")),
        ])
}
