import JQL
import SimKit
import Testing

@testable import HookSim

@Suite struct JiraWorldFieldsTests {
    /// One issue in review, fix version already set (so resolving draws nothing).
    static func world(keepsHistory: Bool) -> JiraWorld {
        var w = JiraWorld()
        w.instances = [
            JiraInstance(
                id: "acme", kind: .cloud, users: 3, integrationAccount: "aha-bot", projects: [0],
                delivery: DeliverySpec.defaults(for: .cloud))
        ]
        let task = w.internType("Task")
        w.projects = [JiraProject(key: "APP", instance: 0, types: [(task, 1)], weight: 1)]
        var i = Issue(
            project: 0, number: 1, type: task, parent: -1, reporter: 0, created: .zero,
            values: FieldValues(2, 0, 0, 2, 1, 0, 1, 0))
        i.fixVersion = 0
        w.issues = [i]
        w.keepsHistory = keepsHistory
        w.history = keepsHistory ? [[]] : []
        return w
    }

    /// In Review → Done at 1h resolves (resolved = 1h, one status and one resolution change);
    /// Done → To Do at 2h reopens (resolved cleared, two more changes).
    @Test func resolvingAndReopening() {
        var w = Self.world(keepsHistory: true)
        var before = w.issues[0]
        w.issues[0].values[Field.status.rawValue] = 3
        w.noteChange(id: 5, issue: 0, before: before, at: .zero + .hours(1), by: 2)
        #expect(w.issues[0].resolved == .zero + .hours(1))
        #expect(w.issues[0].updated == .zero + .hours(1))
        #expect(
            w.history[0] == [
                HistoryEntry(field: .status, at: .zero + .hours(1), from: 2, to: 3, by: 2),
                HistoryEntry(field: .resolution, at: .zero + .hours(1), from: -1, to: 0, by: 2),
            ])
        before = w.issues[0]
        w.issues[0].values[Field.status.rawValue] = 0
        w.noteChange(id: 6, issue: 0, before: before, at: .zero + .hours(2), by: -1)
        #expect(w.issues[0].resolved == JiraWorld.never)
        #expect(w.history[0].count == 4)
        #expect(w.history[0][3] == HistoryEntry(field: .resolution, at: .zero + .hours(2), from: 0, to: -1, by: -1))
    }

    /// Without a history filter nothing is recorded, yet updated/resolved stay current.
    @Test func noHistoryUnlessAFilterReadsIt() {
        var w = Self.world(keepsHistory: false)
        let before = w.issues[0]
        w.issues[0].values[Field.priority.rawValue] = 0
        w.noteChange(id: 1, issue: 0, before: before, at: .zero + .hours(1), by: 0)
        #expect(w.history.isEmpty)
        #expect(w.issues[0].updated == .zero + .hours(1))
    }

    @Test func aScenarioReadsHistoryOnlyWithWasOrChanged() {
        func scenario(_ jql: String) -> Scenario {
            SmallWorld.scenario(
                bursts: [], topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", jql: jql)])])
        }
        #expect(!scenario("project = WEB AND updated >= -1d").readsHistory)
        #expect(scenario("project = WEB AND NOT status CHANGED").readsHistory)
        #expect(scenario("assignee WAS NOT user1 OR project = WEB").readsHistory)
    }

    /// 12 bytes of ids and flags (fixVersion fills what was padding), parent, reporter, comments,
    /// created, two SIMD8<Int32> (16-aligned) and the two new times: 16 + 8 + 8 + 64 + 16 = 112,
    /// 16 bytes more than before; history lives outside the issue.
    @Test func issueLayout() {
        #expect(MemoryLayout<HookSim.Issue>.stride == 112)
    }

    /// A share of 1 gives every issue that option; 0 gives none.
    @Test func customValueFollowsShares() {
        let w = Self.world(keepsHistory: false)
        let all = CustomFieldSpec(id: 10010, name: "Tier", options: ["Gold", "Silver"], shares: [0, 1])
        #expect(w.customValue(all, issue: 0) == 1)
    }

    /// A filter on `updated` sees the change that was just made: a run with `updated >= -1d`
    /// drops nothing as jqlFiltered and applies all 10 comments, as a run without a filter does.
    @Test func updatedFilterDropsNothing() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .comment)],
            topologies: [
                TopologySpec(name: "filtered", webhooks: [SmallWorld.hook("a", jql: "updated >= -1d")]),
                TopologySpec(
                    name: "history", webhooks: [SmallWorld.hook("a", jql: "status CHANGED OR NOT status CHANGED")]),
            ])
        let r = try Simulator.run(s)
        for t in r.topologies {
            #expect(t.value("dropped.byReason.jqlFiltered") == 0)
            #expect(t.value("applied") == 10)
        }
    }

    /// History is recorded by the activity itself: after its own transition every issue has a
    /// status change, so `status CHANGED` lets all 10 transitions through and `NOT status CHANGED`
    /// filters all 10 out. (Without history, CHANGED never matches: the opposite split.)
    @Test func transitionsAreSeenByChanged() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(10, .transition)],
            topologies: [
                TopologySpec(name: "changed", webhooks: [SmallWorld.hook("a", jql: "status CHANGED")]),
                TopologySpec(name: "unchanged", webhooks: [SmallWorld.hook("a", jql: "NOT status CHANGED")]),
            ])
        let r = try Simulator.run(s)
        #expect(r.topologies[0].value("dropped.byReason.jqlFiltered") == 0)
        #expect(r.topologies[1].value("dropped.byReason.jqlFiltered") == 10)
    }

    /// Hand-worked: APP-1 is reported by user0 (users are user0…user2). At 1h user2 hands it to
    /// user2; at 2h user1 hands it back to user0. So the history holds two reporter changes, and at
    /// 3h `reporter CHANGED` matches, `reporter WAS user2` matches (user2 held it from 1h to 2h),
    /// `reporter CHANGED FROM user0 TO user2 BY user2` matches, `reporter CHANGED TO user1` does not,
    /// and `reporter = user0` matches the current value.
    @Test func reporterChangesAreHistory() throws {
        var w = Self.world(keepsHistory: true)
        var before = w.issues[0]
        w.issues[0].reporter = 2
        w.noteChange(id: 5, issue: 0, before: before, at: .zero + .hours(1), by: 2)
        before = w.issues[0]
        w.issues[0].reporter = 0
        w.noteChange(id: 6, issue: 0, before: before, at: .zero + .hours(2), by: 1)
        #expect(
            w.history[0] == [
                HistoryEntry(field: .reporter, at: .zero + .hours(1), from: 0, to: 2, by: 2),
                HistoryEntry(field: .reporter, at: .zero + .hours(2), from: 2, to: 0, by: 1),
            ])
        let view = IssueView(world: w, index: 0, userNames: ["user0", "user1", "user2"])
        let context = JQLContext(now: IssueView.epoch + 3 * 3_600)
        func matches(_ jql: String) throws -> Bool { try JQLQuery.parse(jql).matches(view, context: context) }
        #expect(try matches("reporter CHANGED"))
        #expect(try matches("reporter WAS user2"))
        #expect(try matches("reporter CHANGED FROM user0 TO user2 BY user2"))
        #expect(try !matches("reporter CHANGED TO user1"))
        #expect(try matches("reporter = user0"))
    }

    /// The draw: never the current reporter, never with one user, and about 4% of updates
    /// (10,000 change ids: mean 400, σ ≈ 20, so 300…500 is five σ either side).
    @Test func reporterChangeDraw() {
        var w = Self.world(keepsHistory: false)
        w.keyed = KeyedRandom(seed: 42)
        var moved = 0
        for id in 0..<10_000 {
            #expect(w.drawReporterChange(id: Int32(id), issue: 0, users: 1) == nil)
            guard let r = w.drawReporterChange(id: Int32(id), issue: 0, users: 3) else { continue }
            #expect(r == 1 || r == 2)
            moved += 1
        }
        #expect((300...500).contains(moved))
    }

    /// End to end: 2,000 updates by people move some reporters, and the history records them, so
    /// `reporter CHANGED` lets some updates through where before this change it let none.
    @Test func activityChangesReporters() throws {
        let s = SmallWorld.scenario(
            bursts: [SmallWorld.burst(2_000, .update)],
            topologies: [TopologySpec(name: "t", webhooks: [SmallWorld.hook("a", jql: "reporter CHANGED")])])
        let r = try Simulator.run(s)
        let filtered = try #require(r.topologies[0].value("dropped.byReason.jqlFiltered"))
        #expect(filtered > 0 && filtered < 2_000)
    }
}
