import SimKit
import Testing

@testable import HookSim

@Suite struct AhaAccountTests {
    /// Issue 1 of the fixture's world, with a record in `web` (integration 0) holding `values`.
    static func linked(
        values: FieldValues = FieldValues(repeating: 0), versions: FieldValues = FieldValues(repeating: 0)
    )
        -> (AhaAccount, Measures)
    {
        let s = RoomFixture.scenario(linked: 0)
        var (aha, _) = RoomFixture.account(s)
        aha.createRecord(integration: 0, issue: 1, values: values, versions: versions)
        return (aha, RoomFixture.measures(s))
    }

    /// A v2 endpoint serves `web` (v2), not `api` (v1): the pair of `api` is a version mismatch.
    @Test func versionMismatch() {
        var (aha, m) = Self.linked()
        let outcome = aha.apply(
            RoomFixture.job(.commentCreated, issue: 1), integration: 1, endpoint: RoomFixture.hook(),
            user: 0, parent: -1, first: true, at: .zero, measures: &m)
        #expect(outcome == .refused(.versionMismatch))
        #expect(m.aha.writes == 0)
    }

    /// `reader` only views WEB: nothing is written as them (DESIGN.md §2: owner and contributor write).
    @Test func permissionDenied() {
        var (aha, m) = Self.linked()
        let outcome = aha.apply(
            RoomFixture.job(.commentCreated, issue: 1), integration: 0, endpoint: RoomFixture.hook(),
            user: 1, parent: -1, first: true, at: .zero, measures: &m)
        #expect(outcome == .refused(.permissionDenied))
        #expect(m.aha.writes == 0 && m.aha.unauthorizedWrites == 0)
    }

    /// A comment for an issue with no record writes nothing: recordMissing (DESIGN.md §3).
    @Test func recordMissing() {
        var (aha, m) = Self.linked()
        let outcome = aha.apply(
            RoomFixture.job(.commentCreated, issue: 2), integration: 0, endpoint: RoomFixture.hook(),
            user: 0, parent: -1, first: true, at: .zero, measures: &m)
        #expect(outcome == .refused(.recordMissing))
    }

    /// Comments are never de-duplicated: a second delivery writes a second comment, a duplicate a
    /// user sees, by the run-as user.
    @Test func aCommentTwice() {
        var (aha, m) = Self.linked()
        let job = RoomFixture.job(.commentCreated, issue: 1)
        #expect(
            aha.apply(
                job, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: -1, first: true, at: .zero,
                measures: &m)
                == .applied(wrote: true))
        #expect(
            aha.apply(
                job, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: -1, first: false, at: .zero,
                measures: &m)
                == .again(wrote: true))
        #expect(m.aha.writes == 2 && m.aha.writesByAuthor == [2, 0])
        #expect(m.aha.duplicateWrites == 1 && m.aha.duplicateComments == 1)
        #expect(m.oracle.byIntegration[0].duplicateWrites == 1)
    }

    /// An update is a diff of the synced fields: the same values write nothing; an older version of
    /// a field replacing a newer one is a stale overwrite.
    @Test func updatesAreDiffs() {
        var values = FieldValues(repeating: 0)
        values[Field.summary.rawValue] = 7
        var versions = FieldValues(repeating: 0)
        versions[Field.summary.rawValue] = 5
        var (aha, m) = Self.linked(values: values, versions: versions)
        let same = RoomFixture.job(.issueUpdated, issue: 1, values: values, versions: versions)
        #expect(
            aha.apply(
                same, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: -1, first: true, at: .zero,
                measures: &m)
                == .applied(wrote: false))
        var older = values
        older[Field.summary.rawValue] = 6
        var olderVersions = versions
        olderVersions[Field.summary.rawValue] = 3
        let stale = RoomFixture.job(.issueUpdated, issue: 1, values: older, versions: olderVersions)
        #expect(
            aha.apply(
                stale, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: -1, first: true, at: .zero,
                measures: &m)
                == .applied(wrote: true))
        #expect(m.oracle.staleOverwrites == 1)
        #expect(aha.records[0].values[Field.summary.rawValue] == 6)
    }

    /// An import needs its parent's record; a create processed after the record was deleted
    /// re-creates it (stale); one already linked at the worker's check creates nothing.
    @Test func importsAndTheirParent() {
        var (aha, m) = Self.linked()
        let create = RoomFixture.job(.issueCreated, issue: 2)
        #expect(
            aha.apply(
                create, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: 3, first: true, at: .zero,
                measures: &m)
                == .refused(.recordMissing))
        #expect(
            aha.apply(
                create, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: 1, first: true, at: .zero,
                measures: &m)
                == .applied(wrote: true))
        #expect(aha.links[0].record(of: 2) == 1)
        let delete = RoomFixture.job(.issueDeleted, issue: 2)
        #expect(
            aha.apply(
                delete, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: 1, first: true, at: .zero,
                measures: &m)
                == .applied(wrote: true))
        #expect(aha.links[0].record(of: 2) == RecordLinks.deletedInAha)
        #expect(
            aha.apply(
                create, integration: 0, endpoint: RoomFixture.hook(), user: 0, parent: 1, first: false, at: .zero,
                measures: &m)
                == .again(wrote: true))
        #expect(m.oracle.staleOverwrites == 1)
        #expect(m.aha.duplicateRecords == 0)
    }

    /// The endpoint looks in every integration its version serves on that instance.
    @Test func servedByVersion() {
        let (aha, _) = RoomFixture.account(RoomFixture.scenario())
        #expect(aha.served(by: .v2, on: 0) == [0])
        #expect(aha.served(by: .v1, on: 0) == [1])
    }
}

@Suite struct AhaAdmissionTests {
    /// "2/s" holds two requests: a third at the same instant is 429; half a second later one token
    /// is back.
    @Test func rateLimitBucket() {
        var gate = AhaAdmission(ProcessingSpec(workers: 1, queueLimit: nil, rateLimit: Rate(perSecond: 2)))
        #expect(gate.answer(at: .zero, idleWorker: true, waiting: 0) == 202)
        #expect(gate.answer(at: .zero, idleWorker: true, waiting: 0) == 202)
        #expect(gate.answer(at: .zero, idleWorker: true, waiting: 0) == 429)
        #expect(gate.answer(at: .zero + .milliseconds(500), idleWorker: true, waiting: 0) == 202)
        #expect(gate.answer(at: .zero + .milliseconds(500), idleWorker: true, waiting: 0) == 429)
    }

    /// An outage of 5 s from t = 10 s: 503 at 12 s, served again at 15 s.
    @Test func outage() {
        var gate = AhaAdmission(ProcessingSpec(workers: 1, queueLimit: nil))
        gate.outage(from: .zero + .seconds(10), for: .seconds(5))
        #expect(gate.answer(at: .zero + .seconds(12), idleWorker: true, waiting: 0) == 503)
        #expect(gate.answer(at: .zero + .seconds(15), idleWorker: true, waiting: 0) == 202)
    }

    /// The queue limit is on requests waiting: an idle worker takes one at once whatever waits.
    @Test func queueLimit() {
        var gate = AhaAdmission(ProcessingSpec(workers: 1, queueLimit: 1))
        #expect(gate.answer(at: .zero, idleWorker: false, waiting: 1) == 429)
        #expect(gate.answer(at: .zero, idleWorker: false, waiting: 0) == 202)
        #expect(gate.answer(at: .zero, idleWorker: true, waiting: 5) == 202)
    }

    /// A bucket holds one period's worth as the limit was written, at least one request.
    @Test func bucketSizes() {
        #expect(TokenBuckets.size(Rate(perSecond: 20)) == 20)
        #expect(TokenBuckets.size(Rate(perSecond: 5, period: .minutes(1))) == 300)
        #expect(TokenBuckets.size(Rate(perSecond: 0.5)) == 1)
    }
}

@Suite struct AhaWorkersTests {
    /// Two workers: two jobs start at once, the third waits and is the next job of the first
    /// worker to finish; with nothing waiting, a finished worker is idle again.
    @Test func poolAndQueue() {
        var pool = AhaWorkers(ProcessingSpec(workers: 2, serviceTime: .constant(.milliseconds(100)), queueLimit: nil))
        let jobs = (0..<3).map { i -> Job in
            var j = RoomFixture.job(.commentCreated, issue: Int32(i))
            j.change = Int32(i)
            return j
        }
        let w0 = pool.take(jobs[0])
        let w1 = pool.take(jobs[1])
        #expect(w0 == 0 && w1 == 1)
        #expect(pool.take(jobs[2]) == nil && pool.waiting.count == 1)
        let done = pool.start(1, jobs[1], at: .zero, linked: [], keyed: KeyedRandom(seed: 1), hookHash: 0)
        #expect(done == .zero + .milliseconds(100))
        #expect(pool.finish(1)?.change == 1)
        #expect(pool.next(1)?.change == 2)
        #expect(pool.next(1) == nil && pool.hasIdleWorker)
    }
}

@Suite struct AhaRightsTests {
    /// The fixture's users: `writer` contributes everywhere, `reader` views WEB and owns API.
    @Test func rolesAndEpochs() {
        var rights = AhaRights(RoomFixture.scenario().aha)
        #expect(rights.canWrite(0, 0) && rights.canWrite(0, 1))
        #expect(!rights.canWrite(1, 0) && rights.canWrite(1, 1))
        #expect(rights.epoch == 0)
        rights.setRole(user: 0, workspace: 1, to: .viewer)
        #expect(rights.epoch == 1)
        #expect(!rights.canWrite(0, 1))
        // The rights a delivery dispatched before the change was judged on are still there.
        #expect(rights.canWrite(0, 1, atEpoch: 0))
    }

    /// Run-as belongs to the endpoint: the first webhook names its user, later ones join it; the
    /// timeline's setRunAs moves the endpoint (DESIGN.md §2).
    @Test func runAsPerEndpoint() {
        var rights = AhaRights(RoomFixture.scenario().aha)
        #expect(rights.runAs == [-1, -1])
        rights.join(endpoint: 1, as: 1)
        rights.join(endpoint: 1, as: 0)
        #expect(rights.runAs == [-1, 1])
        rights.setRunAs(endpoint: 1, to: 0)
        #expect(rights.runAs == [-1, 0])
    }
}

@Suite struct IntegrationRuleTests {
    /// `web` syncs status, comments and the default fields (summary, description, priority,
    /// assignee); `api` syncs summary only. Both map Epic and Story (the default record types).
    @Test func whatEachIntegrationSyncs() {
        let s = RoomFixture.scenario()
        let world = JiraWorld.generate(s)
        let rules = IntegrationRule.rules(of: s, world: world)
        let bits = { (fields: [Field]) in fields.reduce(Int32(0)) { $0 | 1 << Int32($1.rawValue) } }
        #expect(rules[0].fieldMask == bits([.status, .summary, .description, .priority, .assignee]))
        #expect(rules[1].fieldMask == bits([.summary]))
        #expect(rules[0].syncsComments && !rules[1].syncsComments)
        #expect(rules.map(\.version) == [.v2, .v1])
        #expect(rules.map(\.workspace) == [0, 1])
        #expect(rules.allSatisfy { $0.project == 0 && $0.instance == 0 })
        #expect(IntegrationRule.byProject(rules, projects: 1) == [[0, 1]])
    }
}
