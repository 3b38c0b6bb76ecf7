import SimKit
import Testing

@testable import HookSim

@Suite struct SimulationTests {
    /// The article's central claim: every webhook that reaches a record writes each comment again.
    /// 10 comments on linked issues: one webhook writes 10; three webhooks write 30, of which 20 are
    /// duplicates a user sees, and 20 deliveries were redundant.
    @Test func oneWebhookVersusThree() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)],
            topologies: [
                TopologySpec(name: "single", webhooks: [SmallWorld.hook("a")]),
                TopologySpec(
                    name: "triple", webhooks: [SmallWorld.hook("a"), SmallWorld.hook("b"), SmallWorld.hook("c")]),
            ])
        let r = try Simulator.run(s)
        let single = r.topologies[0]
        let triple = r.topologies[1]
        #expect(single.value("intended") == 10)
        #expect(single.value("applied") == 10)
        #expect(single.value("duplicates.visible") == 0)
        #expect(single.value("aha.writes") == 10)
        #expect(triple.value("intended") == 10)
        #expect(triple.value("applied") == 10)
        #expect(triple.value("duplicateWrites") == 20)
        #expect(triple.value("duplicates.visible") == 20)
        #expect(triple.value("duplicates.comments") == 20)
        #expect(triple.value("redundantDeliveries") == 20)
        #expect(triple.value("deliveries.attempted") == 30)
        #expect(triple.value("aha.writes") == 30)
        #expect(triple.value("writesByAuthor.Integration user") == 30)
    }
}

@Suite struct DomainRuleTests {
    static let pat = UserSpec(name: "Pat", roles: [("WEB", .viewer)])
    static let bot = UserSpec(name: "Integration user", roles: [("*", .contributor)])

    /// A run-as user with only viewer rights on WEB writes nothing: all 10 comments are dropped
    /// for `permissionDenied`.
    @Test func runAsWithoutRights() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)], users: [Self.bot, Self.pat],
            topologies: [TopologySpec(name: "pat", webhooks: [SmallWorld.hook("a", runAs: "Pat")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("intended") == 10)
        #expect(t.value("applied") == 0)
        #expect(t.value("dropped.total") == 10)
        #expect(t.value("dropped.byReason.permissionDenied") == 10)
        #expect(t.value("aha.writes") == 0)
        #expect(t.value("byIntegration.web.dropped") == 10)
    }

    /// A 1.0 endpoint does not serve 2.0 integrations: 10 comments on WEB (a 2.0 integration)
    /// sent only to the 1.0 integration's endpoint are all lost for `versionMismatch`, and all 10
    /// deliveries are out of that endpoint's scope (exposure).
    @Test func versionMismatch() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(projects: ["WEB", "OPS"]),
            bursts: [SmallWorld.burst(10, .comment, project: "WEB")], workspaces: ["WEB", "PLAT"],
            integrations: [
                IntegrationSpec(id: "web", version: .v2, workspace: "WEB", jira: "acme", project: "WEB"),
                IntegrationSpec(id: "plat", version: .v1, workspace: "PLAT", jira: "acme", project: "OPS"),
            ],
            topologies: [TopologySpec(name: "v1", webhooks: [SmallWorld.hook("old", "plat")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("intended") == 10)
        #expect(t.value("dropped.byReason.versionMismatch") == 10)
        #expect(t.value("exposure.total") == 10)
        #expect(t.value("byWebhook.old.exposure") == 10)
    }

    /// Jira Cloud retries a 503: a comment sent during an outage arrives 10 minutes later (the
    /// backoff) and is applied late. Change at 60s, sent at 61s, arrives 61.05s (503), answer at
    /// 61.1s, retry sent at 661.1s, arrives 661.15s, written at 661.25s: latency 601.25s.
    @Test func cloudRetryAfterOutage() throws {
        var jira = SmallWorld.jira()
        jira.delivery.retryBackoff = .constant(.minutes(10))
        let s = SmallWorld.scenario(
            jira: jira, bursts: [SmallWorld.burst(10, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            timeline: [TimelineEntry(at: .seconds(30), action: .outage(for: .minutes(1)))], workers: 10)
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("applied") == 10)
        #expect(t.value("deliveries.attempted") == 20)
        #expect(t.value("deliveries.retried") == 10)
        #expect(t.value("deliveries.failed") == 10)
        #expect(t.value("deliveries.succeeded") == 10)
        #expect(t.value("aha.outageAnswers") == 10)
        #expect(t.value("latency.max") == 601_250)
    }

    /// Data Center async dispatch with a queue of 2 and one thread: of 10 simultaneous comments the
    /// thread takes the first, the queue holds two, and the other 7 are lost (`deliveryFailed`).
    @Test func datacenterQueueOverflow() throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.queue = 2
        d.threads = 1
        d.commentAlsoUpdates = false
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .datacenter, delivery: d), bursts: [SmallWorld.burst(10, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("applied") == 3)
        #expect(t.value("deliveries.lost") == 7)
        #expect(t.value("dropped.byReason.deliveryFailed") == 7)
    }

    /// An out-of-order retry: transition A (60s) hits an outage and is retried 10 minutes later,
    /// after transition B (61s) was written. A's older status replaces B's newer one: one stale
    /// overwrite, and the record ends different from Jira (one divergent record).
    @Test func outOfOrderRetryOverwritesNewerValue() throws {
        var jira = SmallWorld.jira(issues: 1)
        jira.delivery.retryBackoff = .constant(.minutes(10))
        let s = SmallWorld.scenario(
            jira: jira, bursts: [SmallWorld.burst(2, .transition, at: .seconds(60), over: .seconds(2))],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            timeline: [TimelineEntry(at: .seconds(61), action: .outage(for: .seconds(1)))])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("applied") == 2)
        #expect(t.value("staleOverwrites") == 1)
        #expect(t.value("divergentRecords") == 1)
    }

    /// Echoes (changes by the integration account) are ignored by default: nothing is intended and
    /// nothing written, though Jira still delivers them.
    @Test func echoesIgnored() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)], echoShare: 1,
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("changes") == 10)
        #expect(t.value("echoes") == 10)
        #expect(t.value("intended") == 0)
        #expect(t.value("aha.writes") == 0)
        #expect(t.value("deliveries.attempted") == 10)
    }

    /// The run-as user changed mid-run: comments at 1, 2, … 10 minutes; at 5m30s the webhook starts
    /// running as Pat (viewer): the first 5 are applied, the last 5 dropped for `permissionDenied`.
    @Test func setRunAsMidRun() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment, at: .minutes(1), over: .minutes(10))], users: [Self.bot, Self.pat],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            timeline: [TimelineEntry(at: .seconds(330), action: .setRunAs(webhook: "a", user: "Pat"))])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("applied") == 5)
        #expect(t.value("dropped.byReason.permissionDenied") == 5)
        #expect(t.value("writesByAuthor.Integration user") == 5)
        #expect(t.value("writesByAuthor.Pat") == 0)
    }

    /// Datacenter synchronous dispatch evaluates each webhook's JQL on the user's thread: three
    /// webhooks with a filter at 2ms each add 6ms to every change; a fourth without a filter has
    /// no JQL to run and adds nothing.
    @Test func datacenterSyncAddsUserDelay() throws {
        var d = DeliverySpec.defaults(for: .datacenter)
        d.mode = .sync
        d.commentAlsoUpdates = false
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(kind: .datacenter, delivery: d), bursts: [SmallWorld.burst(4, .comment)],
            topologies: [
                TopologySpec(
                    name: "t",
                    webhooks: ["a", "b", "c"].map { SmallWorld.hook($0, jql: "project = WEB") } + [SmallWorld.hook("d")]
                )
            ])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("deliveries.jiraUserDelayMean") == 6)
    }

    /// A disabled webhook is the furthest any webhook got: reason `webhookDisabled`.
    @Test func disabledWebhook() throws {
        var hook = SmallWorld.hook("a")
        hook.enabled = false
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(3, .comment)], topologies: [TopologySpec(name: "t", webhooks: [hook])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("dropped.byReason.webhookDisabled") == 3)
        #expect(t.value("deliveries.attempted") == 0)
    }

    /// A webhook subscribed only to issue events never sees comments: reason `notSubscribed`.
    @Test func unsubscribedEvents() throws {
        var hook = SmallWorld.hook("a")
        hook.events = JiraEventName.issueEvents
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(3, .comment)], topologies: [TopologySpec(name: "t", webhooks: [hook])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("dropped.byReason.notSubscribed") == 3)
        #expect(t.value("dropped.byReason.noWebhook") == 0)
    }
}

@Suite struct JQLFilterRuleTests {
    /// A filter too narrow: Stories and Epics only, but the 10 comments fall on Bugs, which the
    /// integration does link. Every one is dropped for `jqlFiltered`; nothing is sent.
    @Test func filterTooNarrowLosesBugs() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(types: [("Bug", 1)]), bursts: [SmallWorld.burst(10, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", jql: "issuetype in (Story, Epic)")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("intended") == 10)
        #expect(t.value("dropped.byReason.jqlFiltered") == 10)
        #expect(t.value("deliveries.attempted") == 0)
    }

    /// Without a filter the webhook sends all 10 comments on OPS (integrated nowhere) to Aha!:
    /// 10 deliveries out of scope. `project = WEB` as a security control sends none.
    @Test func filterAsSecurityControl() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(projects: ["WEB", "OPS"]), bursts: [SmallWorld.burst(10, .comment, project: "OPS")],
            topologies: [
                TopologySpec(name: "open", webhooks: [SmallWorld.hook("a")]),
                TopologySpec(name: "scoped", webhooks: [SmallWorld.hook("a", jql: "project = WEB")]),
            ])
        let r = try Simulator.run(s)
        #expect(r.topologies[0].value("intended") == 0)
        #expect(r.topologies[0].value("exposure.total") == 10)
        #expect(r.topologies[0].value("byWebhook.a.deliveries") == 10)
        #expect(r.topologies[1].value("exposure.total") == 0)
        #expect(r.topologies[1].value("byWebhook.a.deliveries") == 0)
    }
}

@Suite struct EchoTests {
    /// An echo carries an edit that started in Aha!: the record already holds it, so 10 echoed
    /// transitions leave no record divergent and write nothing.
    @Test func echoedTransitionsLeaveRecordsInSync() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(issues: 3), bursts: [SmallWorld.burst(10, .transition)], echoShare: 1,
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("divergentRecords") == 0)
        #expect(t.value("aha.writes") == 0)
    }

    /// With `echo: apply`, each of 10 echoed comments comes back and is created again in Aha!,
    /// where it already exists: 10 visible duplicates, none intended.
    @Test func appliedEchoCommentsDuplicate() throws {
        var s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)], echoShare: 1,
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        s.aha.echo = .apply
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("intended") == 0)
        #expect(t.value("duplicates.comments") == 10)
        #expect(t.value("aha.writes") == 10)
    }
}

@Suite struct TimelineTests {
    /// setRole: Pat is a viewer, and becomes a contributor at 5m30s; comments at 1…10 minutes
    /// written as Pat: the first 5 are denied, the last 5 applied.
    @Test func setRoleMidRun() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment, at: .minutes(1), over: .minutes(10))],
            users: [DomainRuleTests.pat],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", runAs: "Pat")])],
            timeline: [
                TimelineEntry(at: .seconds(330), action: .setRole(user: "Pat", workspace: "WEB", role: .contributor))
            ])
        let t = try Simulator.run(s).topologies[0]
        #expect(t.value("dropped.byReason.permissionDenied") == 5)
        #expect(t.value("applied") == 5)
        #expect(t.value("writesByAuthor.Pat") == 5)
    }

    /// addWebhook at 5m30s gives a second webhook: the last 5 comments are written twice
    /// (5 duplicates); removeWebhook of the first at the same moment would leave exactly one.
    @Test func addAndRemoveWebhook() throws {
        let bursts = [SmallWorld.burst(10, .comment, at: .minutes(1), over: .minutes(10))]
        let added = SmallWorld.scenario(
            bursts: bursts, topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            timeline: [TimelineEntry(at: .seconds(330), action: .addWebhook(SmallWorld.hook("b")))])
        let t = try Simulator.run(added).topologies[0]
        #expect(t.value("duplicates.comments") == 5)
        #expect(t.value("byWebhook.b.deliveries") == 5)

        let swapped = SmallWorld.scenario(
            bursts: bursts, topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            timeline: [
                TimelineEntry(at: .seconds(330), action: .addWebhook(SmallWorld.hook("b"))),
                TimelineEntry(at: .seconds(330), action: .removeWebhook("a")),
            ])
        let u = try Simulator.run(swapped).topologies[0]
        #expect(u.value("duplicates.comments") == 0)
        #expect(u.value("applied") == 10)
        #expect(u.value("byWebhook.a.deliveries") == 5)
    }

    /// A broken invariant is an internal error naming the invariant and the seed — never a report.
    @Test func brokenInvariantIsReported() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(3, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])])
        var sim = TopologySimulation(scenario: s, topology: 0)
        _ = try sim.run(maxEvents: .max)
        sim.measures.oracle.applied += 1
        #expect(
            throws: SimulationError.invariant(
                topology: "t", seed: 7, message: "intended (3) != applied (4) + dropped (0) + inFlight (0)")
        ) {
            try sim.checkInvariants()
        }
    }
}

@Suite struct RateLimitTests {
    /// Aha!'s documented limits hold together: 30 requests at one instant against ["20/s", "300/m"]
    /// — the per-second bucket admits 20, the other 10 are answered 429 (and retried by Cloud).
    @Test func twoLimitsAtOnce() throws {
        var jira = SmallWorld.jira()
        jira.delivery.retryBackoff = .constant(.minutes(10))
        jira.delivery.dispatchDelay = .constant(.seconds(1))
        let s = SmallWorld.scenario(
            jira: jira, bursts: [SmallWorld.burst(30, .comment)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a")])],
            processing: ProcessingSpec(
                workers: 30, serviceTime: .constant(.milliseconds(10)), queueLimit: nil,
                rateLimit: nil))
        var limited = s
        limited.aha.processing.rateLimits = [try Rate.parse("20/s"), try Rate.parse("300/m")]
        let t = try Simulator.run(limited).topologies[0]
        #expect(t.value("aha.rateLimited") == 10)
        #expect(t.value("deliveries.retried") == 10)
        #expect(t.value("applied") == 30)
        // 300/m alone holds a minute's worth: all 30 pass at once.
        limited.aha.processing.rateLimits = [try Rate.parse("300/m")]
        #expect(try Simulator.run(limited).topologies[0].value("aha.rateLimited") == 0)
    }

    /// The loader reads a list of limits.
    @Test func loaderReadsAList() throws {
        let text = """
            {jira: [{id: "a", projects: [{key: "W", issues: 1, types: {Story: 1}}]}],
             aha: {workspaces: ["W"], users: [{name: "u", roles: {"*": "owner"}}],
                   integrations: [{id: "i", workspace: "W", jira: "a", project: "W", records: {Story: "feature"}}],
                   processing: {rateLimit: ["300/m", "20/s"]}},
             topologies: [{name: "t", webhooks: []}]}
            """
        let s = try ScenarioLoader.load(text: text, file: "x.json5")
        #expect(s.aha.processing.rateLimits.map(\.perSecond) == [5, 20])
    }
}
