import Foundation
import SimKit
import Testing

@testable import HookSim

/// `hooksim explain` on small worlds worked out by hand (one issue, WEB-1, linked in `web`; one
/// comment at 1 min; dispatch 1 s, network 50 ms each way, service 100 ms), and on a shipped
/// scenario whose every verdict must add up to its report.
@Suite struct ExplainTests {
    static func story(_ s: Scenario, options: StoryOptions = StoryOptions()) throws -> IssueStory {
        let result = try IssueStory.explain(
            s, topology: 0, target: .issue(project: "WEB", number: 1), options: options,
            title: { _, _ in "test" })
        return try #require(result.story)
    }

    static func verdicts(_ story: IssueStory) -> [PairVerdict] {
        story.events.compactMap { if case .verdict(let v) = $0.what { return v } else { return nil } }
    }

    static func comment(
        _ hooks: [WebhookSpec], users: [UserSpec]? = nil, network: NetworkSpec? = nil,
        jira: JiraInstanceSpec = SmallWorld.jira(issues: 1)
    ) -> Scenario {
        SmallWorld.scenario(
            jira: jira, bursts: [SmallWorld.burst(1, .comment)],
            users: users ?? [UserSpec(name: "Integration user", roles: [("*", .contributor)])],
            topologies: [TopologySpec(name: "t", webhooks: hooks)], network: network)
    }

    /// Run as Viv, a viewer of WEB: the comment reaches Aha!, which writes nothing; the verdict says
    /// permissionDenied and names the user, the workspace and the role, as does the processing step.
    @Test func permissionDeniedNamesUserWorkspaceAndRole() throws {
        let s = Self.comment(
            [SmallWorld.hook("as-viv", runAs: "Viv")],
            users: [UserSpec(name: "Viv", roles: [("WEB", .viewer)])])
        let story = try Self.story(s)
        let v = try #require(Self.verdicts(story).first)
        #expect(v.outcome == .dropped(.permissionDenied))
        let why = try #require(v.why.first)
        #expect(why.webhook == "as-viv")
        #expect(why.reached == "permissionDenied")
        #expect(!why.able)
        #expect(why.detail.contains("Viv") && why.detail.contains("viewer in WEB"))
        let step = try #require(
            story.events.compactMap { e -> ProcessedStep? in
                if case .processed(let p) = e.what { return p } else { return nil }
            }.first)
        #expect(step.runAs == "Viv")
        #expect(step.roles.map(\.workspace) == ["WEB"])
        #expect(step.roles.map(\.role) == ["viewer"])
        #expect(step.writes.map(\.result) == ["refused"])
        #expect(step.writes.map(\.reason) == [.permissionDenied])
        // Dispatch at 1 min, sent 1 s later, processed after 50 ms + 100 ms.
        let processedAt = story.events.first { if case .processed = $0.what { return true } else { return false } }?.at
        let expectedAt: SimTime =
            .zero + SimDuration.minutes(1) + SimDuration.seconds(1) + SimDuration.milliseconds(150)
        #expect(processedAt == expectedAt)
        let text = StoryText.render(story)
        #expect(text.contains("✗ web (WEB): dropped — permissionDenied"))
        #expect(text.contains("ran as Viv, who is viewer in WEB"))
    }

    /// Two webhooks on one endpoint: the comment is written twice (comments are never de-duplicated),
    /// once per webhook, at the same instant: applied once, one duplicate, both writes listed.
    @Test func duplicatedCommentShowsBothWrites() throws {
        let story = try Self.story(Self.comment([SmallWorld.hook("a"), SmallWorld.hook("b")]))
        let v = try #require(Self.verdicts(story).first)
        let at = SimTime.zero + .minutes(1) + .seconds(1) + .milliseconds(150)
        #expect(v.outcome == .applied(at: at, latency: .seconds(1) + .milliseconds(150)))
        #expect(v.duplicates == 1)
        #expect(v.writes.count == 2)
        #expect(Set(v.writes.map(\.hook)) == ["a", "b"])
        #expect(v.writes.map(\.first) == [true, false])
        #expect(v.writes.allSatisfy { $0.changed && $0.at == at })
        #expect(story.duplicateWrites == 1 && story.applied == 1)
        let text = StoryText.render(story)
        #expect(text.contains("written 2 times (1 duplicate)"))
        #expect(text.contains("first write ") && text.contains("duplicate   "))
        // --pair keeps the duplicated pair.
        let pairs = try Self.story(
            Self.comment([SmallWorld.hook("a"), SmallWorld.hook("b")]), options: StoryOptions(pairsOnly: true))
        #expect(Self.verdicts(pairs).count == 1)
    }

    /// Every answer lost (ackLossRate 1), two retries 1 min after each 20 s timeout: Aha! processes
    /// all three attempts; the first applies the comment, the redeliveries write it again; Jira gives
    /// up after three attempts.
    @Test func lostAcknowledgementShowsTheRedelivery() throws {
        var d = DeliverySpec.defaults(for: .cloud)
        d.dispatchDelay = .constant(.seconds(1))
        d.retryMax = 2
        d.retryBackoff = .constant(.minutes(1))
        d.timeout = .seconds(20)
        let s = Self.comment(
            [SmallWorld.hook("a")],
            network: NetworkSpec(latency: .constant(.milliseconds(50)), failureRate: 0, ackLossRate: 1),
            jira: SmallWorld.jira(issues: 1, delivery: d))
        let story = try Self.story(s)
        var sent: [(Int, SimTime)] = []
        var lost: [Int] = []
        var arrived: [Int] = []
        var done: [(Stage?, Int)] = []
        for e in story.events {
            switch e.what {
            case .attempt(_, _, let n, _): sent.append((n, e.at))
            case .noAnswer(_, let n, _): lost.append(n)
            case .arrival(_, let n, let status):
                arrived.append(n)
                #expect(status == 202)
            case .jiraDone(_, let failedWith, let attempts): done.append((failedWith, attempts))
            default: break
            }
        }
        let first = SimTime.zero + .minutes(1) + .seconds(1)
        #expect(sent.map(\.0) == [1, 2, 3])
        #expect(sent.map(\.1) == [first, first + .seconds(80), first + .seconds(160)])
        #expect(lost == [1, 2, 3])
        #expect(arrived == [1, 2, 3])
        #expect(done.count == 1)
        #expect(done.first?.0 == .deliveryFailed)
        #expect(done.first?.1 == 3)
        let v = try #require(Self.verdicts(story).first)
        #expect(v.outcome == .applied(at: first + .milliseconds(150), latency: .seconds(1) + .milliseconds(150)))
        #expect(v.duplicates == 2)
        let text = StoryText.render(story)
        #expect(text.contains("a: attempt 2 leaves Jira"))
        #expect(text.contains("attempt 1 times out in Jira: Aha!'s answer was lost"))
    }

    /// A filter on Bugs of WEB sees a Story: the decision and the verdict name the failing clause and
    /// the value the filter saw.
    @Test func jqlMissNamesTheFailingClause() throws {
        let story = try Self.story(Self.comment([SmallWorld.hook("bugs", jql: "project = WEB AND issuetype = Bug")]))
        let decision = story.events.compactMap { e -> (String?, [String])? in
            if case .decision(_, _, .jqlFiltered, _, let miss, let values) = e.what {
                return (miss, values)
            } else {
                return nil
            }
        }
        #expect(decision.count == 1)
        #expect(decision.first?.0 == "issuetype = Bug")
        #expect(decision.first?.1 == ["issuetype = Story"])
        let v = try #require(Self.verdicts(story).first)
        #expect(v.outcome == .dropped(.jqlFiltered))
        #expect(v.why.map(\.detail) == ["its filter failed at 'issuetype = Bug'"])
        #expect(
            StoryText.render(story).contains(
                "not sent: its filter failed at 'issuetype = Bug' (the issue had issuetype = Story)"))
    }

    /// The probe follows the timeline as the engine does: Ann, contributor, is made a viewer of WEB at
    /// 5 min, and webhook `b` (Bugs only) is added at 7 min. The comment at 1 min is applied; the one at
    /// 10 min is refused (Ann is now a viewer) and `b`'s filter fails at its clause.
    @Test func followsTheTimeline() throws {
        let s = SmallWorld.scenario(
            jira: SmallWorld.jira(issues: 1),
            bursts: [SmallWorld.burst(1, .comment), SmallWorld.burst(1, .comment, at: .minutes(10))],
            users: [UserSpec(name: "Ann", roles: [("WEB", .contributor)])],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", runAs: "Ann")])],
            timeline: [
                TimelineEntry(at: .minutes(5), action: .setRole(user: "Ann", workspace: "WEB", role: .viewer)),
                TimelineEntry(
                    at: .minutes(7), action: .addWebhook(SmallWorld.hook("b", runAs: "Ann", jql: "issuetype = Bug"))),
            ])
        let story = try Self.story(s)
        let verdicts = Self.verdicts(story)
        #expect(verdicts.count == 2)
        guard verdicts.count == 2 else { return }
        #expect(
            verdicts[0].outcome
                == .applied(at: .zero + .minutes(1) + .milliseconds(1_150), latency: .milliseconds(1_150)))
        #expect(verdicts[1].outcome == .dropped(.permissionDenied))
        #expect(verdicts[1].why.map(\.webhook) == ["a", "b"])
        #expect(verdicts[1].why.map(\.reached) == ["permissionDenied", "jqlFiltered"])
        #expect(verdicts[1].why.first?.detail.contains("Ann, who is viewer in WEB") == true)
        #expect(verdicts[1].why.last?.detail == "its filter failed at 'issuetype = Bug'")
        let timeline = story.events.compactMap { e -> String? in
            if case .timeline(let t) = e.what { return t } else { return nil }
        }
        #expect(timeline == ["setRole: Ann is now viewer in WEB", "addWebhook 'b' → web"])
    }

    /// Over every change of a shipped scenario, the verdicts told add up to the report: intended,
    /// applied, each drop reason, duplicate writes and in flight, for every topology.
    @Test(arguments: ShippedScenarioTests.simulated.filter { !$0.hasPrefix("sweep-") })
    func explainedCountsAddUpToTheReport(_ file: String) throws {
        let s = try ShippedScenarioTests.load(file)
        for index in s.topologies.indices {
            let result = try IssueStory.explain(
                s, topology: index, target: .all, options: StoryOptions(), title: { _, _ in "" })
            let story = try #require(result.story)
            let m = result.measures
            let name = s.topologies[index].name
            #expect(story.intended == m.oracle.intended, "\(file) \(name)")
            #expect(story.applied == m.oracle.applied, "\(file) \(name)")
            #expect(story.dropped == m.oracle.dropped, "\(file) \(name)")
            #expect(story.duplicateWrites == m.aha.duplicateWrites, "\(file) \(name)")
            #expect(story.inFlight == m.oracle.inFlight, "\(file) \(name)")
            // The reason is the furthest stage any webhook reached (DESIGN.md §3): the why agrees.
            for v in Self.verdicts(story) {
                guard case .dropped(let reason) = v.outcome else { continue }
                let reached = v.why.compactMap { r in Stage.allCases.first { $0.name == r.reached } }
                #expect(
                    reached.map(\.rawValue).max() == reason.rawValue,
                    "\(file) \(name) \(v.integration): \(v.why.map(\.reached))")
            }
        }
    }

    /// In the outage scenario's `both` topology, Data Center drops creates during the outage, so later
    /// updates of those issues find no record: each such drop names the import it waited for.
    @Test func recordMissingNamesTheLostImport() throws {
        let s = try ShippedScenarioTests.load("outage-cloud-vs-datacenter.json5")
        let index = try #require(s.topologies.firstIndex { $0.name == "both" })
        let result = try IssueStory.explain(
            s, topology: index, target: .all, options: StoryOptions(reason: .recordMissing), title: { _, _ in "" })
        let missing = Self.verdicts(try #require(result.story)).filter { $0.outcome == .dropped(.recordMissing) }
        #expect(!missing.isEmpty)
        for v in missing {
            let detail = v.why.first { $0.reached == "recordMissing" }?.detail ?? ""
            #expect(
                detail.contains(": its import, change #") && detail.contains("was dropped (deliveryFailed)"),
                "\(detail)")
        }
    }

    /// `--reason` keeps the first `--limit` changes with such a drop, by change, and only those.
    @Test func reasonListsTheFirstCases() throws {
        let s = try ShippedScenarioTests.load("run-as-changed.json5")
        let index = try #require(s.topologies.firstIndex { $0.name == "changed-for-good" })
        let all = try IssueStory.explain(
            s, topology: index, target: .all, options: StoryOptions(reason: .permissionDenied), title: { _, _ in "" })
        let three = try IssueStory.explain(
            s, topology: index, target: .reason(.permissionDenied, limit: 3),
            options: StoryOptions(reason: .permissionDenied), title: { _, _ in "" })
        let firstThree = Array(Set(try #require(all.story).events.compactMap(\.change)).sorted().prefix(3))
        let told = Set(try #require(three.story).events.compactMap(\.change)).sorted()
        #expect(told.count == 3 && told == firstThree)
    }
}
