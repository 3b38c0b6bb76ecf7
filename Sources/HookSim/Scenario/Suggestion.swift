import JQL

/// "Did you mean …?" for names a person mistyped: keys, enum values, references.
///
/// A misspelt key silently ignored is the worst kind of scenario bug (the default runs instead of
/// what was written), so every unknown name is an error, and the error offers the closest known
/// name when one is close enough to be a plausible typo.
enum Suggestion {
    /// The candidate closest to `name` by edit distance (case-insensitive, a transposition counts
    /// one), if within a third of the candidate's length (at least 1, at most 3); ties go to the
    /// earlier candidate so the answer never depends on anything but the list's order.
    static func closest(to name: String, in candidates: [String]) -> String? {
        JQLVocabulary.closest(to: name, in: candidates)
    }

    /// `unknown role 'admin'; expected one of: owner, contributor, …` or, for a near miss,
    /// `unknown role 'contributer'; did you mean 'contributor'?`.
    static func unknown(_ what: String, _ name: String, in place: String? = nil, candidates: [String]) -> String {
        var shown = "'" + (name.count > 60 ? String(name.prefix(57)) + "..." : name) + "'"
        if let place { shown += " in " + place }
        if let near = closest(to: name, in: candidates) {
            return "unknown \(what) \(shown); did you mean '\(near)'?"
        }
        if candidates.isEmpty { return "unknown \(what) \(shown); none are defined" }
        let listed = candidates.prefix(20).joined(separator: ", ") + (candidates.count > 20 ? ", …" : "")
        return "unknown \(what) \(shown); expected one of: \(listed)"
    }
}
