import SimKit
import Testing

@testable import HookSim

/// How a story writes times and values, worked out by hand.
@Suite struct StoryValuesTests {
    @Test func clockAndInstant() {
        let t = SimTime.zero + .hours(26) + .minutes(3) + .seconds(12) + .milliseconds(120)
        #expect(StoryValues.clock(.zero + .minutes(14) + .milliseconds(3_120)) == "00:14:03.120")
        #expect(StoryValues.clock(t) == "1d 02:03:12.120")
        #expect(StoryValues.iso(.zero) == "2026-01-01T00:00:00.000Z")
        #expect(StoryValues.iso(t) == "2026-01-02T02:03:12.120Z")
        // 2026 is not a leap year: day 59 after 1 January is 1 March.
        #expect(StoryValues.iso(.zero + .hours(59 * 24)) == "2026-03-01T00:00:00.000Z")
    }

    @Test func fieldValuesByName() {
        #expect(StoryValues.describe(.status, 1, users: 5) == "In Progress")
        #expect(StoryValues.describe(.assignee, -1, users: 5) == "unassigned")
        #expect(StoryValues.describe(.labels, 0b101, users: 5) == "backend, ui")
        #expect(StoryValues.describe(.summary, 58, users: 5) == "the text of change #57")
    }
}
