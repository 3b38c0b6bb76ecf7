/// `WAS` and `CHANGED`, evaluated over an issue's change history.
///
/// A history of n changes splits time into n + 1 intervals, each with the value the field held;
/// `WAS` asks whether some interval held a value (and meets every predicate), `CHANGED` whether
/// some change meets every predicate. Without history, `WAS` looks at the current value.
enum JQLHistory {
    static func was(
        _ set: JQLValueSet, _ predicates: [JQLHistoryPredicate], _ current: JQLValue, _ history: [JQLChange],
        _ context: JQLContext
    ) -> Bool {
        guard !history.isEmpty else {
            let held = current.isEmptyValue ? set.includesEmpty : set.contains(current, context)
            return held
                && predicates.allSatisfy {
                    holds($0, start: -.infinity, end: .infinity, by: nil, isChange: false, context)
                }
        }
        let changes = isOrdered(history) ? history : history.sorted { $0.at < $1.at }
        for index in 0...changes.count {
            let value = index == 0 ? changes[0].from : changes[index - 1].to
            guard set.contains(optional: value, context) else { continue }
            let start = index == 0 ? -Double.infinity : changes[index - 1].at
            let end = index == changes.count ? Double.infinity : changes[index].at
            let by = index == 0 ? nil : changes[index - 1].by
            if predicates.allSatisfy({ holds($0, start: start, end: end, by: by, isChange: false, context) }) {
                return true
            }
        }
        return false
    }

    static func changed(_ predicates: [JQLHistoryPredicate], _ history: [JQLChange], _ context: JQLContext) -> Bool {
        history.contains { change in
            predicates.allSatisfy { predicate in
                switch predicate {
                case .from(let set): set.contains(optional: change.from, context)
                case .to(let set): set.contains(optional: change.to, context)
                default: holds(predicate, start: change.at, end: change.at, by: change.by, isChange: true, context)
                }
            }
        }
    }

    private static func isOrdered(_ history: [JQLChange]) -> Bool {
        zip(history, history.dropFirst()).allSatisfy { $0.at <= $1.at }
    }

    /// Whether a value held from `start` to `end` (a change: `start == end`), set by `by`, meets a predicate.
    private static func holds(
        _ predicate: JQLHistoryPredicate, start: Double, end: Double, by: String?, isChange: Bool,
        _ context: JQLContext
    ) -> Bool {
        switch predicate {
        case .after(let spec):
            let t = spec.resolve(now: context.now)
            return isChange ? start > t : end > t
        case .before(let spec):
            return start < spec.resolve(now: context.now)
        case .on(let spec):
            let dayStart = JQLDate.start(of: .day, containing: spec.resolve(now: context.now))
            let dayEnd = dayStart + JQLDate.day
            return isChange ? start >= dayStart && start < dayEnd : start < dayEnd && end > dayStart
        case .during(let from, let to):
            let a = from.resolve(now: context.now)
            let b = to.resolve(now: context.now)
            return start <= b && end >= a
        case .by(let users):
            guard let by else { return false }
            return users.containsText(by, context)
        case .from, .to:
            // NB: the compiler only allows FROM and TO after CHANGED, which handles them itself.
            return true
        }
    }
}
