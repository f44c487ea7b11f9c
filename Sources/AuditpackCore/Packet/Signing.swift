import Crypto
import Foundation

/// Signed packets: an in-toto Statement v1 over every packet file, with the in-toto Test
/// Result predicate, in a DSSE envelope signed with Ed25519 (swift-crypto's Curve25519; no
/// hand-written cryptography). Keys are PEM: PKCS#8 for the private key, SubjectPublicKeyInfo
/// for the public one, as OpenSSL and Python's `cryptography` read them.
public enum PacketSigning {
    public static let attestationFile = "attestation.intoto.jsonl"
    public static let payloadType = "application/vnd.in-toto+json"
    static let statementType = "https://in-toto.io/Statement/v1"
    static let predicateType = "https://in-toto.io/attestation/test-result/v0.1"

    // MARK: keys

    /// DER prefixes of an Ed25519 key (RFC 8410): PKCS#8 private key, SPKI public key.
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    static func pem(_ label: String, _ der: [UInt8]) -> String {
        let b64 = Data(der).base64EncodedString()
        var lines: [String] = []
        var i = b64.startIndex
        while i < b64.endIndex {
            let j = b64.index(i, offsetBy: 64, limitedBy: b64.endIndex) ?? b64.endIndex
            lines.append(String(b64[i..<j]))
            i = j
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----\n"
    }

    static func der(fromPEM text: String, label: String) -> [UInt8]? {
        guard let b = text.range(of: "-----BEGIN \(label)-----"), let e = text.range(of: "-----END \(label)-----"), b.upperBound <= e.lowerBound else { return nil }
        let body = text[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body)).map { Array($0) }
    }

    public static func privateKeyPEM(_ key: Curve25519.Signing.PrivateKey) -> String { pem("PRIVATE KEY", pkcs8Prefix + Array(key.rawRepresentation)) }
    public static func publicKeyPEM(_ key: Curve25519.Signing.PublicKey) -> String { pem("PUBLIC KEY", spkiPrefix + Array(key.rawRepresentation)) }

    public static func privateKey(pem text: String, file: String) throws(InputError) -> Curve25519.Signing.PrivateKey {
        guard let der = der(fromPEM: text, label: "PRIVATE KEY"), der.count == pkcs8Prefix.count + 32, Array(der.prefix(pkcs8Prefix.count)) == pkcs8Prefix,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32)) else {
            throw InputError(file: file, message: "not an Ed25519 private key in PEM (PKCS#8), as `auditpack keygen` writes")
        }
        return key
    }

    public static func publicKey(pem text: String, file: String) throws(InputError) -> Curve25519.Signing.PublicKey {
        guard let der = der(fromPEM: text, label: "PUBLIC KEY"), der.count == spkiPrefix.count + 32, Array(der.prefix(spkiPrefix.count)) == spkiPrefix,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32)) else {
            throw InputError(file: file, message: "not an Ed25519 public key in PEM (SubjectPublicKeyInfo), as `auditpack keygen` writes")
        }
        return key
    }

    /// The key id: SHA-256 of the canonical JSON securesystemslib uses for an Ed25519 key.
    public static func keyID(_ key: Curve25519.Signing.PublicKey) -> String {
        let hex = Hex.encode(key.rawRepresentation)
        let canonical = #"{"keytype":"ed25519","keyval":{"public":"\#(hex)"},"scheme":"ed25519"}"#
        return PacketWriter.sha256Hex(Data(canonical.utf8))
    }

    /// `auditpack keygen`: a new key pair as two PEM files; the private one 0600. Neither is
    /// ever overwritten (`O_EXCL`).
    public static func writeKeyPair(into dir: String) throws(InputError) -> (privatePath: String, publicPath: String) {
        let key = Curve25519.Signing.PrivateKey()
        let priv = (dir as NSString).appendingPathComponent("auditpack.key"), pub = (dir as NSString).appendingPathComponent("auditpack.pub")
        for p in [priv, pub] where SafeFile.lstat(p) != nil {
            throw InputError(file: p, message: "already exists; keygen never overwrites a key (move it away or give another folder)")
        }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw InputError(file: dir, message: "cannot create the key folder (\(error.localizedDescription))")
        }
        try createExclusive(pub, Data(publicKeyPEM(key.publicKey).utf8), mode: 0o644)
        do { try createExclusive(priv, Data(privateKeyPEM(key).utf8), mode: 0o600) } catch {
            unlink(pub)
            throw error
        }
        return (priv, pub)
    }

    static func createExclusive(_ path: String, _ data: Data, mode: mode_t) throws(InputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw InputError(file: path, message: "cannot create (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        fchmod(fd, mode)
        let ok = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) == $0.count }
        if !ok { throw InputError(file: path, message: "cannot write the key") }
    }

    // MARK: envelope

    /// DSSE's pre-authentication encoding: what is signed.
    static func pae(_ type: String, _ body: Data) -> Data {
        var d = Data("DSSEv1 \(type.utf8.count) \(type) \(body.count) ".utf8)
        d.append(body)
        return d
    }

    /// The statement over `files` (every packet file but the attestation), signed.
    public static func envelope(files: [(String, Data)], results: RunResults, identity: [String: String],
                                configDigests: [(String, String)], key: Curve25519.Signing.PrivateKey) throws(InputError) -> Data {
        let subjects: [[String: Any]] = files.filter { $0.0 != attestationFile }.sorted { $0.0 < $1.0 }
            .map { ["name": $0.0, "digest": ["sha256": PacketWriter.sha256Hex($0.1)]] }
        let passed = results.items.filter { $0.status == .pass }.map(\.id)
        let warned = results.items.filter { $0.status == .warn }.map(\.id)
        let failed = results.items.filter { $0.status == .fail || $0.status == .error }.map(\.id)
        let result = !failed.isEmpty ? "FAILED" : !warned.isEmpty ? "WARNED" : "PASSED"
        var configuration: [[String: Any]] = configDigests.map { ["name": $0.0, "digest": ["sha256": $0.1]] }
        configuration.append(["name": "target", "annotations": identity])
        let statement: [String: Any] = [
            "_type": statementType, "subject": subjects, "predicateType": predicateType,
            "predicate": ["result": result, "configuration": configuration, "passedTests": passed, "warnedTests": warned, "failedTests": failed],
        ]
        guard let body = try? JSONSerialization.data(withJSONObject: statement, options: [.sortedKeys, .withoutEscapingSlashes]),
              let sig = try? key.signature(for: pae(payloadType, body)) else {
            throw InputError(file: attestationFile, message: "the attestation could not be built")
        }
        let env: [String: Any] = [
            "payload": body.base64EncodedString(), "payloadType": payloadType,
            "signatures": [["keyid": keyID(key.publicKey), "sig": Data(sig).base64EncodedString()]],
        ]
        guard var out = try? JSONSerialization.data(withJSONObject: env, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            throw InputError(file: attestationFile, message: "the attestation could not be built")
        }
        out.append(0x0A)
        return out
    }

    /// What checking an attestation found.
    public struct Check: Sendable, Equatable {
        public var signedBy: String?
        public var problems: [String] = []
        public var subjects = 0
    }

    /// Checks the envelope's signature with `key` (when given) and every subject against the
    /// packet's files; a file the statement does not list is a problem too.
    public static func check(envelope data: Data, files: [String: Data], key: Curve25519.Signing.PublicKey?) -> Check {
        var c = Check()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count == 1, let line = lines.first,
              let env = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let payloadB64 = env["payload"] as? String, let body = Data(base64Encoded: payloadB64),
              env["payloadType"] as? String == payloadType,
              let sigs = env["signatures"] as? [[String: Any]], !sigs.isEmpty else {
            c.problems.append("\(attestationFile) is not exactly one DSSE envelope of an in-toto statement")
            return c
        }
        if let key {
            let id = keyID(key)
            let valid = sigs.contains { s in
                guard let sb = (s["sig"] as? String).flatMap({ Data(base64Encoded: $0) }) else { return false }
                return key.isValidSignature(sb, for: pae(payloadType, body))
            }
            if valid { c.signedBy = id } else { c.problems.append("the signature does not verify with the given public key (key id \(id.prefix(16))…)") }
        }
        guard let statement = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              statement["_type"] as? String == statementType, let subjects = statement["subject"] as? [[String: Any]] else {
            c.problems.append("the signed payload is not an in-toto Statement v1")
            return c
        }
        var listed = Set<String>()
        for s in subjects {
            guard let name = s["name"] as? String, let sha = (s["digest"] as? [String: Any])?["sha256"] as? String else { continue }
            listed.insert(name)
            c.subjects += 1
            guard let data = files[name] else { c.problems.append("MISSING  \(Escape.terminal(name)) (listed in the attestation)"); continue }
            if PacketWriter.sha256Hex(data) != sha { c.problems.append("ALTERED  \(Escape.terminal(name)) (does not match the attestation)") }
        }
        for name in files.keys.sorted() where name != attestationFile && !listed.contains(name) {
            c.problems.append("UNLISTED \(Escape.terminal(name)) (not in the attestation)")
        }
        return c
    }
}
