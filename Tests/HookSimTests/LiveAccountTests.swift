import Testing

@testable import HookSim

/// The live account's rules, fed bodies directly (no sockets), each expectation worked out by hand
/// from DESIGN.md §2–§3 against `LiveFixtures`' account.
@Suite struct LiveAccountTests {
    func account() throws -> LiveAccount { LiveAccount(scenario: try LiveFixtures.load(), runAs: LiveFixtures.runAs) }

    func body(_ text: String) throws -> JiraBody { try JiraBody.parse(Array(text.utf8)) }

    /// What the server does for one accepted request processed at once.
    func deliver(_ a: inout LiveAccount, _ text: String, to id: String, retry: Bool = false) throws {
        let b = try body(text)
        let e = try #require(a.aha.integrations.firstIndex { $0.id == id })
        a.receive(b, endpoint: e, retry: retry)
        a.apply(b, endpoint: e, linkedAtCheck: a.linkedNow(b, endpoint: e))
    }

    /// One comment on WEB-1, through web's endpoint and then mob's: both are 2.0 endpoints on acme,
    /// both find web's record, so the second delivery creates the comment again.
    @Test func sameCommentToTwoEndpointsIsAppliedOnceAndDuplicatedOnce() throws {
        var a = try account()
        let c = LiveFixtures.comment("WEB-1")
        try deliver(&a, c, to: "web")
        try deliver(&a, c, to: "mob")
        #expect(a.counters.received == 2)
        #expect(a.counters.applied == 1)
        #expect(a.counters.duplicateComments == 1)
        #expect(a.counters.writes == 2 && a.counters.duplicateWrites == 1)
        #expect(a.counters.writesByAuthor == [2, 0])
        // mob's endpoint serves web's integration, which links WEB-1: not exposure.
        #expect(a.counters.exposure == 0)
        let report = LiveReport.json(a)
        #expect(report.lookup("duplicates.visible") == .int(1))
        #expect(report.lookup("writesByAuthor.Owner") == .int(2))
    }

    @Test func viewerRunAsIsPermissionDenied() throws {
        var a = try account()
        a.runAs[0] = 1  // web's endpoint runs as Viewer
        try deliver(&a, LiveFixtures.comment("WEB-1"), to: "web")
        #expect(a.counters.applied == 0 && a.counters.writes == 0)
        #expect(a.dropped().permissionDenied == 1)
        #expect(LiveReport.json(a).lookup("dropped.byReason.permissionDenied") == .int(1))
    }

    /// legacy's 1.0 endpoint receives a WEB comment: WEB's record is in web, a 2.0 integration.
    /// The delivery also exposes WEB-1: no 1.0 integration links it.
    @Test func v1EndpointWithV2RecordIsVersionMismatch() throws {
        var a = try account()
        try deliver(&a, LiveFixtures.comment("WEB-1"), to: "legacy")
        #expect(a.counters.applied == 0)
        #expect(a.dropped().versionMismatch == 1)
        #expect(a.counters.exposure == 1)
        // The same change later through web's endpoint is applied: no longer dropped.
        try deliver(&a, LiveFixtures.comment("WEB-1"), to: "web")
        #expect(a.counters.applied == 1 && a.dropped().versionMismatch == 0)
    }

    /// WEB-1 is linked on first sight (a comment); WEB-2 is first seen through an update naming
    /// WEB-1 as its parent, so it awaits its import: the update finds no record. Its create then
    /// imports it (applied), and the update stays dropped.
    @Test func updateBeforeItsImportIsRecordMissing() throws {
        var a = try account()
        try deliver(&a, LiveFixtures.comment("WEB-1"), to: "web")
        try deliver(&a, LiveFixtures.update("WEB-2", parent: "WEB-1"), to: "web")
        #expect(a.dropped().recordMissing == 1)
        #expect(a.counters.applied == 1)
        try deliver(&a, LiveFixtures.create("WEB-2", parent: "WEB-1"), to: "web")
        #expect(a.counters.applied == 2 && a.counters.writes == 2)
        #expect(a.dropped().recordMissing == 1)
        // The same update redelivered now finds the record: applied, no longer dropped.
        try deliver(&a, LiveFixtures.update("WEB-2", parent: "WEB-1"), to: "web")
        #expect(a.counters.applied == 3 && a.dropped().recordMissing == 0)
    }

    /// Two deliveries of one create whose workers overlap: each checks before either creates, so
    /// both import — a duplicate record. A third, after both, sees the link and writes nothing.
    @Test func overlappingImportsDuplicateTheRecord() throws {
        var a = try account()
        try deliver(&a, LiveFixtures.comment("WEB-1"), to: "web")
        let create = try body(LiveFixtures.create("WEB-3", parent: "WEB-1"))
        a.receive(create, endpoint: 0, retry: false)
        a.receive(create, endpoint: 0, retry: true)
        let first = a.linkedNow(create, endpoint: 0)
        let second = a.linkedNow(create, endpoint: 0)
        a.apply(create, endpoint: 0, linkedAtCheck: first)
        a.apply(create, endpoint: 0, linkedAtCheck: second)
        #expect(a.counters.duplicateRecords == 1)
        try deliver(&a, LiveFixtures.create("WEB-3", parent: "WEB-1"), to: "web")
        #expect(a.counters.duplicateRecords == 1 && a.counters.applied == 2 && a.counters.writes == 3)
    }

    /// A field update is a diff: the same value again changes nothing, though the pair was applied.
    @Test func updatesAreDiffs() throws {
        var a = try account()
        try deliver(&a, LiveFixtures.update("WEB-5", to: "A", changelog: 1), to: "web")
        try deliver(&a, LiveFixtures.update("WEB-5", to: "A", changelog: 2), to: "web")
        try deliver(&a, LiveFixtures.update("WEB-5", field: "labels", to: "x", changelog: 3), to: "web")
        // Changes 1 and 2 are applied (2 with an empty diff); 3 names a field web does not sync.
        #expect(a.counters.applied == 2 && a.counters.writes == 1)
    }

    /// An OPS issue sent to web's 2.0 endpoint: only legacy (1.0) integrates OPS, so nothing served
    /// by this endpoint links it — exposure, once for the first attempt, not again for its retry.
    @Test func exposureCountsFirstAttemptsOnly() throws {
        var a = try account()
        try deliver(&a, LiveFixtures.comment("OPS-9"), to: "web")
        try deliver(&a, LiveFixtures.comment("OPS-9"), to: "web", retry: true)
        #expect(a.counters.exposure == 1 && a.counters.applied == 0)
    }

    /// Changes made by the integration account are echoes, ignored by default.
    @Test func echoesAreIgnored() throws {
        var a = try account()
        try deliver(&a, LiveFixtures.comment("WEB-1", by: "aha-bot"), to: "web")
        #expect(a.counters.echoes == 1 && a.counters.writes == 0 && a.counters.applied == 0)
    }

    @Test func bodiesOfBothShapesParse() throws {
        let cloud = try body(LiveFixtures.update("WEB-2", parent: "WEB-1"))
        #expect(cloud.kind == .issueUpdated && cloud.changelogID == "10124" && cloud.actor == "99:2793")
        #expect(cloud.items == [JiraBody.Item(field: "summary", to: "New")] && cloud.parentKey == "WEB-1")
        let dc = try body(LiveFixtures.create("WEB-3", parent: "WEB-1"))
        #expect(dc.kind == .issueCreated && dc.actor == "alice" && dc.project == "WEB" && dc.issueType == "Sub-task")
        let comment = try body(LiveFixtures.comment("MOB-4", id: "77"))
        #expect(comment.kind == .commentCreated && comment.commentID == "77" && comment.actor == "5a1b")
        let commented = try body(#"{"webhookEvent": "jira:issue_updated", "issue_event_type_name": "issue_commented"}"#)
        #expect(commented.kind == .issueCommented)
        #expect(try body(#"{"webhookEvent": "sprint_started"}"#).kind == .ignored)
    }

    @Test(arguments: [
        ("{", "invalid JSON at 1:1"), ("[1]", "a webhook body must be a JSON object"),
        (#"{"issue": {}}"#, "the body has no \"webhookEvent\" string"),
    ])
    func badBodiesAreErrors(_ text: String, _ expected: String) {
        #expect {
            _ = try JiraBody.parse(Array(text.utf8))
        } throws: { error in
            (error as? JiraBodyError)?.message.hasPrefix(expected) ?? false
        }
    }
}
