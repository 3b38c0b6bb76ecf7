import SimKit
import Testing

@testable import HookSim

@Suite struct OracleTests {
    /// The fixture's rules, with issue 1 linked in `web` only (not in `api`).
    static func oracle() -> (Oracle, JiraWorld) {
        let s = RoomFixture.scenario(linked: 0)
        let world = JiraWorld.generate(s)
        let rules = IntegrationRule.rules(of: s, world: world)
        var oracle = Oracle(rules: rules, byProject: IntegrationRule.byProject(rules, projects: world.projects.count))
        oracle.setLinked(1, integration: 0, true)
        return (oracle, world)
    }

    static func change(_ kind: ChangeKind, issue: Int32, field: Field? = nil, actor: Int32 = 0) -> Change {
        Change(
            id: 9, time: .zero + .seconds(60), kind: kind, issue: issue, actor: actor,
            field: Int8(field?.rawValue ?? -1))
    }

    static func issue(_ world: JiraWorld, _ i: Int32, parent: Int32 = -1) -> HookSim.Issue {
        var issue = world.issues[Int(i)]
        issue.parent = parent
        return issue
    }

    /// A summary update of issue 1 intends one pair, in `web` (the only integration that links it);
    /// `api` also syncs summary but does not link the issue. Issue 2, linked nowhere, intends none.
    @Test func updatesIntendLinkedRecords() {
        var (oracle, world) = Self.oracle()
        let pairs = oracle.intend(Self.change(.update, issue: 1, field: .summary), issue: Self.issue(world, 1))
        #expect(pairs.map(\.integration) == [0])
        #expect(oracle.intend(Self.change(.update, issue: 2, field: .summary), issue: Self.issue(world, 2)).isEmpty)
    }

    /// `api` syncs neither status nor comments: a transition or comment of an issue it linked intends
    /// nothing there (DESIGN.md §3).
    @Test func onlyWhatIsSynced() {
        var (oracle, world) = Self.oracle()
        oracle.setLinked(1, integration: 1, true)
        #expect(
            oracle.intend(Self.change(.transition, issue: 1, field: .status), issue: Self.issue(world, 1)).map(
                \.integration) == [0])
        #expect(oracle.intend(Self.change(.comment, issue: 1), issue: Self.issue(world, 1)).map(\.integration) == [0])
        #expect(
            oracle.intend(Self.change(.update, issue: 1, field: .priority), issue: Self.issue(world, 1)).map(
                \.integration) == [0])
        #expect(
            oracle.intend(Self.change(.update, issue: 1, field: .summary), issue: Self.issue(world, 1)).map(
                \.integration) == [0, 1])
    }

    /// An echo (made by the integration account) intends nothing.
    @Test func echoesIntendNothing() {
        var (oracle, world) = Self.oracle()
        #expect(
            oracle.intend(Self.change(.update, issue: 1, field: .summary, actor: -1), issue: Self.issue(world, 1))
                .isEmpty)
    }

    /// A create under a linked parent is one import per integration that imports, maps the type and
    /// links the parent — and the new issue is linked from then on; without a linked parent, none.
    @Test func importsUnderALinkedParent() {
        var (oracle, world) = Self.oracle()
        let child = Self.issue(world, 3, parent: 1)
        #expect(oracle.intend(Self.change(.create, issue: 3), issue: child).map(\.integration) == [0])
        #expect(oracle.ideallyLinked(3, integration: 0))
        #expect(!oracle.ideallyLinked(3, integration: 1))
        #expect(
            oracle.intend(Self.change(.create, issue: 2, field: nil), issue: Self.issue(world, 2, parent: 0)).isEmpty)
    }

    /// Exposure scope: a v2 endpoint on instance 0 serves `web`, which links issue 1 and not issue 2.
    @Test func scope() {
        var (oracle, _) = Self.oracle()
        #expect(oracle.inScope(issue: 1, project: 0, version: .v2, instance: 0))
        #expect(!oracle.inScope(issue: 2, project: 0, version: .v2, instance: 0))
        #expect(!oracle.inScope(issue: 1, project: 0, version: .v1, instance: 0))
        oracle.unlink(1, project: 0)
        #expect(!oracle.inScope(issue: 1, project: 0, version: .v2, instance: 0))
    }

    /// A drop reason only moves up; a run-time failure is charged as such only to a webhook able to
    /// apply the pair, otherwise the configuration stage that stopped it.
    @Test func dropReasons() {
        var (oracle, world) = Self.oracle()
        oracle.setLinked(1, integration: 1, true)
        let change = Self.change(.update, issue: 1, field: .summary)
        let slot = oracle.open(change, pairs: oracle.intend(change, issue: Self.issue(world, 1)))
        oracle.raise(track: slot, to: .jqlFiltered)
        oracle.raise(track: slot, to: .notSubscribed)
        #expect(oracle.tracks[Int(slot)].pairs.map(\.stage) == [.jqlFiltered, .jqlFiltered])
        let rights = AhaRights(RoomFixture.scenario().aha)
        // `writer` (0) through a v2 webhook: web is able (deliveryFailed), api is v1 (versionMismatch).
        oracle.raiseFailure(
            track: slot, endpoint: RoomFixture.hook(), rights: rights, user: 0, epoch: 0, to: .deliveryFailed)
        #expect(oracle.tracks[Int(slot)].pairs.map(\.stage) == [.deliveryFailed, .versionMismatch])
        // `reader` (1) through a v1 webhook: api (owner) is able, so rateLimited.
        oracle.raiseFailure(
            track: slot, endpoint: RoomFixture.hook(version: .v1), rights: rights, user: 1, epoch: 0, to: .rateLimited)
        #expect(oracle.tracks[Int(slot)].pairs.map(\.stage) == [.deliveryFailed, .rateLimited])
    }

    /// Two holds, two releases: the change settles at the second, each pair never applied dropped
    /// with its reason, and the slot is reused.
    @Test func settling() {
        var (oracle, world) = Self.oracle()
        var m = RoomFixture.measures(RoomFixture.scenario())
        let change = Self.change(.update, issue: 1, field: .summary)
        let slot = oracle.open(change, pairs: oracle.intend(change, issue: Self.issue(world, 1)))
        oracle.hold(slot)
        oracle.hold(slot)
        oracle.raise(track: slot, to: .webhookDisabled)
        oracle.release(slot, at: .zero, measures: &m, probe: nil)
        #expect(m.oracle.droppedTotal == 0)
        #expect(oracle.inFlight == 1)
        oracle.release(slot, at: .zero, measures: &m, probe: nil)
        #expect(m.oracle.dropped[Int(Stage.webhookDisabled.rawValue)] == 1)
        #expect(m.oracle.byIntegration[0].droppedByReason[Int(Stage.webhookDisabled.rawValue)] == 1)
        #expect(oracle.inFlight == 0)
        #expect(oracle.open(change, pairs: []) == slot)
    }

    /// Applied at 60.25 s for a change at 60 s: latency 250 ms.
    @Test func appliedLatency() {
        var m = RoomFixture.measures(RoomFixture.scenario())
        var pair = PairState(integration: 1)
        Oracle.applied(&pair, change: .zero + .seconds(60), at: .zero + .milliseconds(60_250), measures: &m)
        #expect(pair.appliedAt == 60_250_000)
        #expect(m.oracle.applied == 1 && m.oracle.byIntegration[1].applied == 1)
        #expect(m.oracle.latency.count == 1 && m.oracle.latency.max == 250_000)
    }

    /// The invariants: intended = applied + dropped + in flight, and the others, each named.
    @Test func invariants() {
        var m = RoomFixture.measures(RoomFixture.scenario())
        #expect(Oracle.brokenInvariant(m) == nil)
        m.oracle.intended = 3
        m.oracle.applied = 1
        m.oracle.dropped[0] = 1
        #expect(Oracle.brokenInvariant(m) == "intended (3) != applied (1) + dropped (1) + inFlight (0)")
        m.oracle.inFlight = 1
        #expect(Oracle.brokenInvariant(m) == "latency count 0 != applied 1")
    }
}

@Suite struct WebhooksTests {
    /// Webhooks by instance, enabled by name, removed by name (the index stays for the report).
    @Test func registry() {
        var hooks = Webhooks(instances: 2)
        let a = hooks.install(
            HookState(name: "a", integration: 0, instance: 1, version: .v2, events: [.issueUpdated], enabled: true),
            name: "a", query: RoomFixture.everything)
        let b = hooks.install(
            HookState(name: "b", integration: 1, instance: 1, version: .v1, events: [.commentCreated], enabled: true),
            name: "b", query: RoomFixture.everything)
        #expect(hooks.byInstance == [[], [a, b]])
        #expect(hooks[a].subscribes(.issueUpdated) && !hooks[a].subscribes(.commentCreated))
        hooks.setEnabled("b", false)
        #expect(!hooks[b].enabled && hooks[a].enabled)
        hooks.remove("a")
        #expect(!hooks[a].installed && hooks.count == 2)
        #expect(hooks.endpoints(of: "b") == [1])
    }
}
