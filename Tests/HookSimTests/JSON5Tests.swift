import Testing

@testable import HookSim

/// A compact rendering of a value tree, to compare parses against hand-written expectations.
private func show(_ v: JSON5Value) -> String {
    switch v.kind {
    case .null: return "null"
    case .bool(let b): return "\(b)"
    case .number(let n):
        if let i = n.integer { return (i.negative ? "-" : "") + "\(i.magnitude)" }
        return "\(n.value)"
    case .string(let s): return JSON5Path.quoted(s.value)
    case .array(let a): return "[" + a.map(show).joined(separator: ",") + "]"
    case .object(let m): return "{" + m.map { "\($0.key):\(show($0.value))" }.joined(separator: ",") + "}"
    }
}

@Suite struct JSON5Tests {
    /// Valid JSON5 and the tree it denotes (expected values written from the JSON5 spec).
    static let valid: [(String, String)] = [
        ("{}", "{}"),
        ("[]", "[]"),
        ("null", "null"),
        ("{a: 1, b: 'two', \"c\": true,}", "{a:1,b:\"two\",c:true}"),
        ("[1, 2, 3,]", "[1,2,3]"),
        ("// comment\n{/* inline */ x: 1}", "{x:1}"),
        ("0x1F", "31"),
        ("-0xff", "-255"),
        (".5", "0.5"),
        ("5.", "5.0"),
        ("+3", "3"),
        ("1e3", "1000.0"),
        ("2.5E-1", "0.25"),
        ("Infinity", "inf"),
        ("-Infinity", "-inf"),
        ("18446744073709551615", "18446744073709551615"),
        ("'it\\'s'", "\"it's\""),
        ("\"a\\tb\\u0041\\x42\"", "\"a\\tbAB\""),
        ("\"\\uD83D\\uDE00\"", "\"😀\""),
        ("'line\\\ncontinued'", "\"linecontinued\""),
        ("{$id_1: 1, ünïcode: 2}", "{$id_1:1,ünïcode:2}"),
        ("{z: 1, a: 2, m: 3}", "{z:1,a:2,m:3}"),
        ("\u{FEFF}{a: null}", "{a:null}"),
    ]

    @Test(arguments: valid)
    func parsesValidJSON5(input: String, expected: String) throws {
        let value = try JSON5.parse(input)
        #expect(show(value) == expected)
    }

    @Test func nanParses() throws {
        let value = try JSON5.parse("NaN")
        guard case .number(let n) = value.kind else {
            Issue.record("not a number")
            return
        }
        #expect(n.value.isNaN)
    }

    /// Invalid JSON5: the message and the 1-based line:column, worked out by counting the input.
    static let invalid: [(String, String, String)] = [
        ("{a: 1 b: 2}", "1:7", "expected ',' or '}' after the value of 'a', found 'b'"),
        ("{a: 1, a: 2}", "1:8", "duplicate key 'a' (first written at 1:2)"),
        ("[1, 2", "1:1", "this array is not closed: ']' is missing"),
        ("{a: 'x}", "1:5", "this string is not closed: its closing ' is missing"),
        ("{a: \"x\ny\"}", "1:5", "this string is not closed before the end of the line (write \\n for a line break)"),
        ("{a: yes}", "1:5", "unexpected word 'yes': a string value needs quotes, as in \"yes\""),
        ("{a: 300s}", "1:8", "unexpected 's' after the number 300 (durations and rates are strings, such as \"300s\")"),
        ("{a: 01}", "1:5", "a number cannot start with 0 followed by digits ('01')"),
        ("{a: 0x}", "1:5", "expected hex digits after '0x'"),
        ("{a: 1e}", "1:5", "expected digits after the exponent in '1e'"),
        ("{a: .}", "1:5", "expected digits in the number '.', found '}'"),
        ("/* open", "1:1", "this comment is not closed: '*/' is missing"),
        ("{1: 2}", "1:2", "expected a key (a name or a quoted string), found '1'"),
        ("{a 1}", "1:4", "expected ':' after the key 'a', found '1'"),
        ("{} {}", "1:4", "unexpected '{' after the end of the document"),
        ("\n\n  @", "3:3", "unexpected '@': expected a value"),
        ("// only a comment", "1:18", "expected a value, found the end of the file"),
        ("'\\1'", "1:2", "escape \\1 is not allowed"),
        ("'\\u12'", "1:2", "invalid escape: \\u needs 4 hex digits"),
        ("'\\uD800'", "1:2", "invalid escape: a lone surrogate \\uD800"),
        ("{a: -foo}", "1:5", "expected digits in the number '-', found 'f'"),
        ("{a: -Inf}", "1:5", "expected a number after '-', found 'Inf'"),
        ("{\r\n a: [1,\r\n 2 3]}", "3:4", "expected ',' or ']' after an array element, found '3'"),
    ]

    @Test(arguments: invalid)
    func rejectsInvalidJSON5(input: String, position: String, message: String) {
        #expect(throws: JSON5Error.self) { try JSON5.parse(input) }
        do {
            _ = try JSON5.parse(input)
        } catch {
            #expect(error.position.description == position)
            #expect(error.message == message)
        }
    }

    @Test func nodesCarryLineColumnAndPath() throws {
        let text = "{\n  jira: [\n    {id: 'acme', projects: [{key: \"WEB\"}]},\n  ],\n}"
        let root = try JSON5.parse(text)
        guard case .object(let top) = root.kind, case .array(let list) = top[0].value.kind,
            case .object(let instance) = list[0].kind, case .array(let projects) = instance[1].value.kind,
            case .object(let project) = projects[0].kind
        else {
            Issue.record("unexpected shape")
            return
        }
        #expect(top[0].keyPosition == SourcePosition(line: 2, column: 3))
        #expect(list[0].position == SourcePosition(line: 3, column: 5))
        #expect(instance[0].value.position == SourcePosition(line: 3, column: 10))
        #expect(project[0].value.path == "jira[0].projects[0].key")
        #expect(project[0].value.position == SourcePosition(line: 3, column: 35))
    }

    @Test func pathsQuoteKeysThatAreNotNames() {
        #expect(JSON5Path.appending(key: "WEB", to: "aha.users[0].roles") == "aha.users[0].roles.WEB")
        #expect(JSON5Path.appending(key: "*", to: "aha.users[0].roles") == "aha.users[0].roles[\"*\"]")
        #expect(JSON5Path.appending(key: "dropped.total", to: "expect.single") == "expect.single[\"dropped.total\"]")
        #expect(JSON5Path.appending(key: "Sub-task", to: "types") == "types.Sub-task")
        #expect(JSON5Path.appending(index: 2, to: "jira[0].projects") == "jira[0].projects[2]")
    }

    @Test(arguments: [100, 101, 100_000])
    func nestingIsBounded(depth: Int) {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        if depth <= JSON5.maxDepth {
            #expect((try? JSON5.parse(text)) != nil)
        } else {
            #expect(
                throws: JSON5Error(
                    message: "nesting is deeper than 100 levels", position: SourcePosition(line: 1, column: 101),
                    path: String(repeating: "[0]", count: 100))
            ) { try JSON5.parse(text) }
        }
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes: [UInt8] = Array("{\n  name: \"ab".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(
            throws: JSON5Error(
                message: "the file is not valid UTF-8: bad byte 0xC3; save it as UTF-8",
                position: SourcePosition(line: 2, column: 12), path: "")
        ) { try JSON5.parse(bytes: bytes) }
        #expect(throws: JSON5Error.self) { try JSON5.parse(bytes: [0xED, 0xA0, 0x80]) }  // an encoded surrogate
        #expect(throws: JSON5Error.self) { try JSON5.parse(bytes: [0xF0, 0x9F]) }  // truncated
    }

    /// Arbitrary bytes must give a value or an error, never a crash or a hang. Inputs come from a
    /// fixed linear congruential sequence over JSON5's own alphabet, so every run tests the same ones.
    @Test func neverCrashesOnArbitraryInput() {
        let alphabet = Array("{}[]:,'\"\\/*\n\r -+.0123456789eExXabfnrtuInfinityNaNtruefalsenull".utf8) + [0xFF, 0xC3]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<(Int(state >> 59) + 1) * 3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            _ = try? JSON5.parse(bytes: bytes)
            _ = try? ScenarioLoader.load(bytes: bytes, file: "fuzz.json5")
        }
    }
}
