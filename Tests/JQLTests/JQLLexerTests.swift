import Testing

@testable import JQL

/// Tokens after `JQLLexer.g4`: operators, spellings of AND/OR, quoting and escapes, unquoted values.
@Suite struct JQLLexerTests {
    private func kinds(_ text: String) throws -> [JQLToken.Kind] {
        try JQLLexer.tokenize(text).tokens.map(\.kind)
    }

    private func words(_ text: String) throws -> [String] {
        try JQLLexer.tokenize(text).tokens.filter { $0.kind == .word }.map(\.text)
    }

    @Test func operatorsAndSymbols() throws {
        #expect(
            try kinds("= != < <= > >= ~ !~ ! ( ) , [ ]")
                == [
                    .equals, .notEquals, .less, .lessEquals, .greater, .greaterEquals, .like, .notLike, .bang,
                    .lparen, .rparen, .comma, .lbracket, .rbracket, .end,
                ])
    }

    @Test func andOrSpellings() throws {
        #expect(try kinds("and AND & && or OR | ||") == [.and, .and, .and, .and, .or, .or, .or, .or, .end])
    }

    @Test func keywordsIgnoreCaseButNotQuotes() throws {
        #expect(
            try kinds("In iS NoT EmPtY nULL wAs ChAnGeD") == [
                .keywordIn, .keywordIs, .not, .empty, .empty, .was, .changed, .end,
            ])
        #expect(try kinds("\"in\" 'not'") == [.word, .word, .end])
    }

    @Test func unquotedValuesKeepDashesDotsAndColons() throws {
        #expect(
            try words("key = WEB-12 AND created > -7d AND v = 1.2.3 AND t = 10:30") == [
                "key", "WEB-12", "created", "-7d", "v", "1.2.3", "t", "10:30",
            ])
    }

    @Test func escapesInQuotedAndUnquotedStrings() throws {
        #expect(
            try words(#"a = "x\"y" b = 'it\'s' c = "\\" d = "\t\n\r" e = "\u00e9" f = a\ b"#) == [
                "a", "x\"y", "b", "it's", "c", "\\", "d", "\t\n\r", "e", "é", "f", "a b",
            ])
    }

    @Test func quotesMayContainOperatorsAndSpaces() throws {
        #expect(try words(#"summary ~ "a = (b, c) & d""#) == ["summary", "a = (b, c) & d"])
    }

    @Test func positionsAreScalarOffsets() throws {
        let tokens = try JQLLexer.tokenize("é = 'ü'").tokens
        #expect(tokens.map(\.start) == [0, 2, 4, 7])
        #expect(tokens.map(\.end) == [1, 3, 7, 7])
    }

    @Test(arguments: ["{", "}", "*", "/", "%", "+", "^", "$", "#", "@", "?", ";"])
    func reservedCharactersNeedQuotes(_ c: String) throws {
        #expect(throws: JQLError.self) { try JQLLexer.tokenize("a = x\(c)") }
        #expect(try words("a = \"x\(c)\"") == ["a", "x\(c)"])
    }

    @Test func controlCharactersAreRejected() {
        #expect(throws: JQLError.self) { try JQLLexer.tokenize("a = b\u{01}") }
        #expect(throws: JQLError.self) { try JQLLexer.tokenize("a = \"b\u{7F}\"") }
    }
}
