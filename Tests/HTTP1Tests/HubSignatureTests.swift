import Testing

@testable import HTTP1

@Suite struct HubSignatureTests {
    /// The vector Jira's documentation publishes for `X-Hub-Signature`.
    @Test func jiraPublishedVector() {
        let body = Array("Hello World!".utf8)
        let expected = "sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9"
        #expect(HubSignature.sign(body: body, secret: "It's a Secret to Everybody") == expected)
        #expect(HubSignature.verify(header: expected, body: body, secret: "It's a Secret to Everybody"))
        #expect(
            HubSignature.verify(
                header: " " + expected.uppercased().replacingPrefix(), body: body,
                secret: "It's a Secret to Everybody"))
    }

    @Test func wrongSignaturesAreRefused() {
        let body = Array("Hello World!".utf8)
        let good = HubSignature.sign(body: body, secret: "s")
        #expect(!HubSignature.verify(header: good, body: body, secret: "t"))
        #expect(!HubSignature.verify(header: good, body: body + [0x20], secret: "s"))
        #expect(!HubSignature.verify(header: "sha1=" + good.dropFirst(7), body: body, secret: "s"))
        #expect(!HubSignature.verify(header: "", body: body, secret: "s"))
        #expect(!HubSignature.verify(header: String(good.dropLast()), body: body, secret: "s"))
    }

    @Test func constantTimeEqual() {
        #expect(HubSignature.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!HubSignature.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!HubSignature.constantTimeEqual([1, 2], [1, 2, 3]))
        #expect(HubSignature.constantTimeEqual([], []))
    }
}

extension String {
    /// `SHA256=ABC…` back to `sha256=ABC…`: the method name is case-sensitive, hex digits are not.
    fileprivate func replacingPrefix() -> String { "sha256=" + dropFirst(7) }
}
