import SimKit

extension JiraWorld {
    /// Puts into the starting world the issues a capture shows existing before it began, so they
    /// are linked by the integrations' `linked` share exactly as generated starting issues are.
    ///
    /// A recorded `OPS-12` is the world's `OPS-12` when the project declares that many issues;
    /// otherwise it is added with its recorded number. Recorded issue types are interned here,
    /// before any run, because a run sizes its per-type tables from `typeNames` once.
    /// - Parameter declared: per project, the indices of its declared issues (numbered from 1).
    mutating func addExisting(_ recording: Recording, declared: [Range<Int>]) {
        for r in recording.issues { if let t = r.type { _ = internType(t) } }
        recordedIssues = Array(repeating: -1, count: recording.issues.count)
        for (slot, r) in recording.issues.enumerated() where r.existing {
            if let n = r.number, r.project < declared.count, Int(n) <= declared[r.project].count {
                recordedIssues[slot] = Int32(declared[r.project].lowerBound + Int(n) - 1)
                continue
            }
            var rng = keyed.stream(Streams.recorded, UInt64(slot))
            recordedIssues[slot] = addRecorded(r, at: .zero, using: &rng)
        }
        for (slot, r) in recording.issues.enumerated() where r.existing {
            setRecordedParent(of: recordedIssues[slot], r, recordedIssues)
        }
    }

    /// Gives an issue the parent its body named (or none, when its body showed fields without
    /// one), once that parent is in the world; the drawn parent stays when the body showed no fields.
    mutating func setRecordedParent(of issue: Int32, _ r: Recording.Issue, _ slots: [Int32]) {
        guard issue >= 0, let p = r.parent else { return }
        if p < 0 {
            issues[Int(issue)].parent = -1
        } else if Int(p) < slots.count, slots[Int(p)] >= 0, slots[Int(p)] != issue {
            issues[Int(issue)].parent = slots[Int(p)]
        }
    }

    /// Adds one recorded issue with its recorded type and, when free, its recorded number.
    mutating func addRecorded(_ r: Recording.Issue, at time: SimTime, using rng: inout some RandomNumberGenerator)
        -> Int32
    {
        if let n = r.number, n >= projects[r.project].nextNumber { projects[r.project].nextNumber = n }
        let users = instances[projects[r.project].instance].users
        return addIssue(project: r.project, at: time, users: users, type: r.type.flatMap { typeIndex($0) }, using: &rng)
    }
}
