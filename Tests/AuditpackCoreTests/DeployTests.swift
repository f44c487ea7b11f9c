import Foundation
import Testing
@testable import AuditpackCore

/// What deploy/ ships, run by the engines it is written for: the Ansible role with the real
/// ansible-playbook on three local hosts, the Kubernetes manifests validated against the
/// Kubernetes schemas, and the Containerfile's image named by the manifests.
@Suite("deploy/: Ansible, Kubernetes, Containerfile")
struct DeployTests {
    static let deploy = Paths.package + "/deploy"

    @Test("Ansible: three hosts (clean, failing, nothing to scan) → one fleet packet with the right counts")
    func ansible() throws {
        guard let playbook = which("ansible-playbook"), let python = which("python3") else {
            print("SKIPPED (peer missing): the Ansible test needs ansible-playbook (pip install ansible-core)")
            return
        }
        let binary = try #require(Paths.binary, "the auditpack binary is built by swift build")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("auditpack-ansible-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let example = Paths.package + "/examples/fleet"
        let inventory = """
        [fleet]
        clean-1 auditpack_roots='["\(example)/web-1"]'
        failing-1 auditpack_roots='["\(example)/db-1"]'
        missing-1 auditpack_roots='["\(dir)/no-such-root"]'

        [fleet:vars]
        ansible_connection=local
        ansible_python_interpreter=\(python)
        auditpack_binary_src=\(binary)
        auditpack_work_dir=\(dir)/hosts/{{ inventory_hostname }}
        auditpack_collect_dir=\(dir)/packets
        auditpack_fleet_output=\(dir)/fleet
        auditpack_become=false
        auditpack_date=2026-11-29
        """
        try inventory.write(toFile: dir + "/inventory.ini", atomically: true, encoding: .utf8)
        let r = try run(playbook, ["-i", dir + "/inventory.ini", Self.deploy + "/ansible/site.yml"], cwd: dir,
                        env: ["ANSIBLE_HOME": dir + "/ansible-home", "ANSIBLE_LOCAL_TEMP": dir + "/ansible-tmp", "ANSIBLE_NOCOLOR": "1",
                              "ANSIBLE_RETRY_FILES_ENABLED": "0", "SOURCE_DATE_EPOCH": "1796342400"])
        #expect(r.status == 0, "ansible-playbook: \(r.stdout.suffix(3000))\n\(r.stderr.suffix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/fleet/results.json"))) as? [String: Any])
        #expect((json["targets"] as? [[String: Any]])?.map { $0["name"] as? String } == ["clean-1", "failing-1"])
        #expect(json["missing"] as? [String] == ["missing-1"])
        #expect((json["coverage"] as? [String: Any])?["expected"] as? Int == 3)
        let log04 = (json["items"] as? [[String: Any]])?.first { $0["id"] as? String == "LOG-04" }
        #expect((log04?["targets"] as? [String: [String]])?["fail"] == ["failing-1"])
        #expect((log04?["targets"] as? [String: [String]])?["pass"] == ["clean-1"])
        #expect(try run(binary, ["verify-packet", dir + "/fleet"]).status == 0)
    }

    static var manifests: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: deploy + "/kubernetes")) ?? [])
            .filter { $0.hasSuffix(".yaml") && $0 != "kustomization.yaml" }.sorted()
    }

    @Test("Kubernetes manifests validate against the Kubernetes schemas")
    func kubernetesSchemas() throws {
        guard let validate = which("kubernetes-validate") else {
            print("SKIPPED (peer missing): the manifest test needs kubernetes-validate (pip install kubernetes-validate)")
            return
        }
        #expect(Self.manifests.count == 5)
        let r = try run(validate, ["--strict", "--kubernetes-version", "1.29.0"] + Self.manifests.map { Self.deploy + "/kubernetes/" + $0 })
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(!r.stdout.contains("INVALID") && !r.stdout.lowercased().contains("error"), "\(r.stdout)")
    }

    @Test("Kubernetes manifests: least privilege; the kustomization lists them all and names the image the Containerfile builds")
    func leastPrivilege() throws {
        var pods = 0
        for name in Self.manifests {
            let text = try String(contentsOfFile: Self.deploy + "/kubernetes/" + name, encoding: .utf8)
            for doc in text.components(separatedBy: "\n---\n") {
                let value = try YAMLReader.document(doc)
                guard let top = value.dictValue, let kind = top["kind"]?.stringValue else { continue }
                var spec = top["spec"]?.dictValue
                if kind == "CronJob" { spec = spec?["jobTemplate"]?.dictValue?["spec"]?.dictValue }
                guard ["DaemonSet", "CronJob", "Deployment", "Job"].contains(kind),
                      let pod = spec?["template"]?.dictValue?["spec"]?.dictValue else { continue }
                pods += 1
                #expect(pod["automountServiceAccountToken"] == .bool(false), "\(name): service-account token mounted")
                #expect(pod["securityContext"]?.dictValue?["runAsNonRoot"] == .bool(true), "\(name): may run as root")
                let hostPaths = Set((pod["volumes"]?.listValue ?? []).compactMap { v in v.dictValue?["hostPath"] != nil ? v.dictValue?["name"]?.stringValue : nil })
                for c in pod["containers"]?.listValue ?? [] {
                    let sc = c.dictValue?["securityContext"]?.dictValue
                    #expect(sc?["readOnlyRootFilesystem"] == .bool(true) && sc?["allowPrivilegeEscalation"] == .bool(false), "\(name)")
                    #expect(sc?["capabilities"]?.dictValue?["drop"] == .list([.string("ALL")]), "\(name)")
                    #expect(c.dictValue?["image"]?.stringValue == "localhost/auditpack:latest", "\(name)")
                    for m in c.dictValue?["volumeMounts"]?.listValue ?? [] where hostPaths.contains(m.dictValue?["name"]?.stringValue ?? "") {
                        #expect(m.dictValue?["readOnly"] == .bool(true), "\(name): a host path mounted writable")
                    }
                }
            }
        }
        #expect(pods == 3)
        let kustomization = try String(contentsOfFile: Self.deploy + "/kubernetes/kustomization.yaml", encoding: .utf8)
        for name in Self.manifests { #expect(kustomization.contains("- \(name)"), "\(name) not in kustomization.yaml") }
        let containerfile = try String(contentsOfFile: Self.deploy + "/Containerfile", encoding: .utf8)
        #expect(containerfile.contains("-t localhost/auditpack:latest") && containerfile.contains("--static-swift-stdlib"))
        #expect(containerfile.contains("USER 65534:65534"))
    }
}
