/// A compiled program lowered to flat "jumping code": what `JQLQuery.matches` actually runs.
///
/// Each clause becomes one instruction saying where to go when it holds and when it does not, so
/// AND, OR and NOT cost nothing at run time and evaluation is a loop, not a recursion. Clauses of
/// the common shape — a set of plain texts compared with `=`, `!=`, `IN`, `NOT IN` — keep their
/// lowercased literals as bytes in one buffer, so matching them takes no reference counting and no allocation.
@usableFromInline
struct JQLCode: Sendable {
    /// Where a jump may lead besides another instruction.
    @usableFromInline static let matched: Int32 = -2
    @usableFromInline static let failed: Int32 = -1

    @usableFromInline
    struct Instruction: Sendable {
        @usableFromInline
        enum Kind: UInt8, Sendable {
            /// Plain-text set (`=`, `IN`, and negated `!=`, `NOT IN`); `EMPTY` in the set is `includesEmpty`.
            case textSet
            /// `IS EMPTY` / `IS NOT EMPTY`.
            case isEmpty
            /// Anything else: run `matchers[payload]`.
            case general
        }
        @usableFromInline var kind: Kind
        @usableFromInline var negated: Bool
        @usableFromInline var includesEmpty: Bool
        /// Index into `fields`.
        @usableFromInline var field: Int32
        /// For `.textSet`: literals `literalStart..<literalEnd` (see `offsets`); for `.general`: `matchers` index.
        @usableFromInline var literalStart: Int32
        @usableFromInline var literalEnd: Int32
        @usableFromInline var onTrue: Int32
        @usableFromInline var onFalse: Int32
    }

    @usableFromInline var instructions: [Instruction] = []
    @usableFromInline var fields: [JQLField] = []
    var matchers: [JQLMatcher] = []
    /// Lowercased literal bytes; literal `k` is `bytes[offsets[k]..<offsets[k + 1]]`.
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var offsets: [Int32] = [0]
    @usableFromInline var entry: Int32 = JQLCode.matched

    init(_ program: JQLProgram) {
        entry = lower(program, onTrue: Self.matched, onFalse: Self.failed)
    }

    /// Emits code for `program` that continues at `onTrue` or `onFalse`; returns its first instruction.
    ///
    /// Built back to front so every target exists before it is referenced; recursion depth is the
    /// query's nesting depth, which the parser caps.
    private mutating func lower(_ program: JQLProgram, onTrue: Int32, onFalse: Int32) -> Int32 {
        switch program {
        case .all:
            return onTrue
        case .not(let inner):
            return lower(inner, onTrue: onFalse, onFalse: onTrue)
        case .and(let terms):
            var next = onTrue
            for term in terms.reversed() { next = lower(term, onTrue: next, onFalse: onFalse) }
            return next
        case .or(let terms):
            var next = onFalse
            for term in terms.reversed() { next = lower(term, onTrue: onTrue, onFalse: next) }
            return next
        case .test(let field, let matcher):
            var instruction = Instruction(
                kind: .general, negated: false, includesEmpty: false, field: fieldIndex(field),
                literalStart: 0, literalEnd: 0, onTrue: onTrue, onFalse: onFalse)
            switch matcher {
            case .isEmpty(let negated):
                instruction.kind = .isEmpty
                instruction.negated = negated
            case .equalsAny(let set, let negated) where set.isPlainText:
                instruction.kind = .textSet
                instruction.negated = negated
                instruction.includesEmpty = set.includesEmpty
                instruction.literalStart = Int32(offsets.count - 1)
                for literal in set.literals {
                    bytes.append(contentsOf: literal.lower.utf8)
                    offsets.append(Int32(bytes.count))
                }
                instruction.literalEnd = Int32(offsets.count - 1)
            default:
                instruction.literalStart = Int32(matchers.count)
                matchers.append(matcher)
            }
            instructions.append(instruction)
            return Int32(instructions.count - 1)
        }
    }

    private mutating func fieldIndex(_ field: JQLField) -> Int32 {
        if let index = fields.firstIndex(of: field) { return Int32(index) }
        fields.append(field)
        return Int32(fields.count - 1)
    }

    /// Runs the code against one issue.
    ///
    /// Inlinable so that it is specialized for the caller's issue type: the adapter's `jqlValue(of:)`
    /// then inlines into the loop instead of going through a witness table.
    @inlinable
    func evaluate<I: JQLIssue>(_ issue: I, _ context: JQLContext) -> Bool {
        var pc = entry
        while pc >= 0 {
            let instruction = instructions[Int(pc)]
            let holds: Bool
            switch instruction.kind {
            case .textSet:
                holds = textSet(instruction, issue.jqlValue(of: fields[Int(instruction.field)]))
            case .isEmpty:
                holds = issue.jqlValue(of: fields[Int(instruction.field)]).isEmptyValue != instruction.negated
            case .general:
                holds = general(Int(instruction.literalStart), Int(instruction.field), issue, context)
            }
            pc = holds ? instruction.onTrue : instruction.onFalse
        }
        return pc == Self.matched
    }

    /// Runs a clause that is not inlined: history, text search, ordering, functions.
    @usableFromInline
    func general<I: JQLIssue>(_ matcher: Int, _ field: Int, _ issue: I, _ context: JQLContext) -> Bool {
        matchers[matcher].evaluate(fields[field], issue, context)
    }

    @inlinable
    func textSet(_ instruction: Instruction, _ value: JQLValue) -> Bool {
        let hit: Bool
        switch value {
        case .text(let s):
            hit = containsText(s, instruction)
        case .texts(let values):
            if values.isEmpty { return !instruction.negated && instruction.includesEmpty }
            var found = false
            for index in values.indices where containsText(values[index], instruction) {
                found = true
                break
            }
            hit = found
        case .empty:
            return !instruction.negated && instruction.includesEmpty
        case .number, .date:
            // NB: plain-text sets hold no numbers or dates, so such values never equal a member.
            hit = false
        }
        return hit != instruction.negated
    }

    @inlinable
    func containsText(_ s: String, _ instruction: Instruction) -> Bool {
        let fast = s.utf8.withContiguousStorageIfAvailable { value -> Bool? in
            // NB: one pass decides whether byte-wise folding is exact; after it, a length mismatch is a mismatch.
            var index = 0
            while index < value.count {
                if value[index] >= 0x80 { return nil }
                index += 1
            }
            return bytes.withUnsafeBufferPointer { all in
                offsets.withUnsafeBufferPointer { offsets in
                    var k = Int(instruction.literalStart)
                    while k < Int(instruction.literalEnd) {
                        let start = Int(offsets[k])
                        if Int(offsets[k + 1]) - start == value.count {
                            var i = 0
                            while i < value.count {
                                var x = value[i]
                                if x &- 65 < 26 { x |= 0x20 }
                                if x != all[start + i] { break }
                                i += 1
                            }
                            if i == value.count { return true }
                        }
                        k += 1
                    }
                    return false
                }
            }
        }
        if case .some(.some(let result)) = fast { return result }
        return containsUnicode(s, instruction)
    }

    /// Non-ASCII issue text: compare with full Unicode lowercasing.
    @usableFromInline
    func containsUnicode(_ s: String, _ instruction: Instruction) -> Bool {
        let lowered = s.lowercased()
        for k in Int(instruction.literalStart)..<Int(instruction.literalEnd) {
            let literal = bytes[Int(offsets[k])..<Int(offsets[k + 1])]
            if lowered.utf8.elementsEqual(literal) { return true }
        }
        return false
    }
}

extension JQLValueSet {
    /// Only plain text literals: no `currentUser()`, `membersOf()`, numbers or dates to consider.
    var isPlainText: Bool {
        !currentUser && groups.isEmpty && literals.allSatisfy { $0.number == nil && $0.date == nil }
    }
}
