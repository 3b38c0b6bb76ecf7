/// The tables of `shrink`, `explain`, `import` and `fit`.
extension OptionTable {
    static let shrink = OptionTable(
        command: "shrink", summary: "Reduce a failing scenario to a smaller one that fails the same way",
        about: """
            Takes a scenario that fails — an expect entry, or an internal invariant — and finds a smaller
            scenario that fails the same way: the same topology and the same expectation (path and
            operator) or invariant. It removes other topologies, timeline entries, bursts, integrations,
            users, workspaces, webhooks and projects (and whatever referred to them), then halves
            duration, drain, rates, issue counts, users, workers and fault probabilities, until nothing
            changes or the budget of runs is spent. Prints what it removed and writes the result, a
            loadable scenario file. Same input, same output. A scenario that does not fail: exit 2.
            """,
        positionals: [Positional("<file>", "The failing scenario file.")],
        options: [
            .value(
                "--topology", "<name>", "The topology whose failure to keep.", default: .note("the first that fails")),
            .value("--seed", "<n>", "Override the scenario's seed (written into the result).", rule: .seed),
            .value(
                "--out", "<file>", "Where to write the result.",
                default: .note("<name>.min.json5 in the current folder")),
            .value(
                "--budget", "<runs>", "The most simulation runs to spend.", rule: .positiveInteger,
                default: .value("500")),
        ])

    static let explain = OptionTable(
        command: "explain",
        summary: "Tell what happened to one Jira issue's changes, or list the cases of a drop reason",
        about: """
            Runs one topology once and tells, in time order, every change of one Jira issue: what each
            webhook did with it (disabled, not subscribed, the filter clause that failed, sent), every
            delivery attempt and its answer, what the endpoint did on arrival (run-as user, version,
            roles, the write or why none), and the oracle's verdict per intended pair: applied (when,
            latency), duplicate writes, or dropped with its reason and how far each webhook got. It ends
            with the issue's record in each workspace against Jira (divergent or not). Give --issue,
            --reason, or both.
            """,
        positionals: [Positional("<file>", "The scenario file.")],
        options: [
            .value("--topology", "<name>", "The topology to run (may be left out when the file has one)."),
            .value(
                "--issue", "<key>", "The Jira issue, e.g. WEB-42.",
                rule: .accepting("an issue key such as WEB-42") { IssueKey($0) != nil }),
            .value(
                "--reason", "<reason>",
                "Without --issue: the changes with a pair dropped for this reason, across all issues (the cases behind dropped.byReason.<reason>); with --issue: only those of the issue.",
                rule: .oneOf(Stage.allCases.map(\.name))),
            .value(
                "--limit", "<n>", "With --reason: at most n changes, the earliest.", rule: .positiveInteger,
                default: .value("20")),
            .value(
                "--change", "<n>", "Only change #n (the number the story shows).",
                rule: .accepting("a change number as the story shows it (#57 is 57)") { (Int32($0) ?? -1) >= 0 }),
            .flag("--pair", "Only the pairs dropped or duplicated."),
            .value("--seed", "<n>", "Override the scenario's seed.", rule: .seed),
            .repeated("--set", "<path=value>", "Replace a scenario value first, as for run.", rule: .setting),
            .value(
                "--format", "<format>", "json prints one JSON object per line (keys in the README).",
                rule: .oneOf(["text", "json"]), default: .value("text")),
        ],
        footer: "Exit status: 0, or 2 for bad input (an unknown issue key lists close matches).")

    static let importWebhooks = OptionTable(
        command: "import", summary: "Turn the webhooks Jira lists into a scenario's webhooks block",
        about: """
            Reads the JSON array that Jira's admin REST resource for webhooks returns
            (GET /rest/webhooks/1.0/webhook: name, url, events, filters["issue-related-events-section"],
            excludeBody, enabled) and prints the equivalent 'webhooks: [...]' block for the scenario.
            Each url must equal one integration's aha.integrations[].webhookUrl; the webhook runs as that
            integration's runAs. Events HookSim does not model (sprints, versions, worklogs, ...) are
            left out and named in a comment above the block. A topology can also read the file itself:
            topologies: [{name: "as-in-jira", webhooks: {import: "jira-webhooks.json"}}].
            """,
        positionals: [
            Positional("jira-webhooks", "What to import (the one kind)."),
            Positional("<file>", "The JSON that Jira's webhook resource returned."),
        ],
        options: [
            .value("--scenario", "<file>", "The scenario whose integrations the webhooks post to.", required: true)
        ])

    static let fit = OptionTable(
        command: "fit", summary: "Print projects and activity blocks that generate traffic like a recording",
        about: """
            Reads a recording of Jira webhook bodies (one body per line, or 'hooksim trace' lines) the
            way activity: {trace: FILE} does — one change per (issue, webhookEvent, timestamp, comment
            or changelog id) — and prints 'projects: [...]' (for jira[]) and 'activity: {...}' blocks
            that generate traffic like it: the rate per hour, the mix of change kinds, per project its
            weight and issue-type shares, and the bursts found. A burst is a run of minutes each holding
            more than 10 times the median number of changes per minute; it is taken out of the rate.
            """,
        positionals: [Positional("<file>", "The recording.")],
        options: [
            .value(
                "--scenario", "<file>",
                "Place issues in this scenario's projects and recognise echoes by its integration accounts (then echoShare is printed too)."
            )
        ])
}
