import Testing

@testable import HookSim

/// The fast path must build exactly the tree `JSON5Parser` builds (kinds, numbers as written,
/// positions), and step aside — nil — for anything outside strict ASCII JSON, so that errors and
/// JSON5 extensions still come from the one parser.
@Suite struct JSON5FastPathTests {
    func slow(_ text: String) throws(JSON5Error) -> JSON5Value {
        var p = JSON5Parser(scalars: Array(text.unicodeScalars))
        p.tracksPaths = false
        return try p.parseDocument()
    }

    func fast(_ text: String) -> JSON5Value? {
        Array(text.utf8).withUnsafeBufferPointer { b in
            var f = JSON5FastPath(b)
            return f.document()
        }
    }

    @Test(arguments: [
        LiveFixtures.comment("WEB-1"), LiveFixtures.update("WEB-2", parent: "WEB-1"),
        LiveFixtures.create("WEB-3", parent: "WEB-1"),
        "0", "-0", "12", "-3.5", "1e5", "1.5E-3", "2e+2", "12345678901234567890", "123456789012345678901234",
        "1234567890123456", "999999999999999",
        "\"" + String(repeating: "abcdefg", count: 5) + "\\n" + String(repeating: "x", count: 13) + "\\\"q\"",
        "[\"" + String(repeating: "0123456789", count: 30) + "\", \"12345678\", \"1234567\"]", "true", "false", "null",
        "[]", "{}", " [ 1 , [ ] , { } ] ",
        #""esc \n\t\"\\\/\b\f\r \u00e9 \u0041""#, "{\"a\":\n  {\"b\": [1,\n 2]},\n \"c\": \"\"}",
        "{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k17\":17}",
    ])
    func strictJSONTakesTheFastPathToTheSameTree(_ text: String) throws {
        let f = try #require(fast(text), "fast path declined")
        #expect(f == (try slow(text)))
    }

    @Test(arguments: [
        "// c\n1", "'single'", "{a: 1}", "[1,]", "{\"a\":1,}", "0x1F", "Infinity", "-Infinity", "NaN", "{\"a\":1}\r\n",
        "{\"a\":1,\"a\":2}", "01", "1.", ".5", "+1", #""\x41""#, #""\uD83D\uDE00""#, "tru", "[1] x", "\"a\nb\"",
        "{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9,\"k10\":10,\"k11\":11,\"k12\":12,\"k13\":13,\"k14\":14,\"k15\":15,\"k16\":16,\"k1\":17}",
        "", "nulls", "12abc", "[", "\"open",
    ])
    func anythingElseIsLeftToTheParser(_ text: String) {
        #expect(fast(text) == nil)
        // And JSON5.parse answers exactly as the parser does, value or error.
        let viaParse = Result { () throws(JSON5Error) in try JSON5.parse(bytes: Array(text.utf8), paths: false) }
        let viaSlow = Result { () throws(JSON5Error) in try slow(text) }
        #expect(viaParse == viaSlow)
    }

    @Test func deepNestingIsLeftToTheParser() {
        let deep = String(repeating: "[", count: JSON5.maxDepth + 1) + String(repeating: "]", count: JSON5.maxDepth + 1)
        #expect(fast(deep) == nil)
    }
}
