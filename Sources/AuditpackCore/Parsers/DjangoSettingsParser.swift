import Foundation

/// Django settings modules read statically: LOGGING (as dictConfig), INSTALLED_APPS,
/// MIDDLEWARE, LOGGING_CONFIG. Star imports of sibling modules (`from .base import *`) are
/// read first so split settings resolve.
public enum DjangoSettingsParser {
    public struct Output: Sendable {
        public var settings: DjangoSettings
        public var logging: LoggingSetup?
        public var issues: [ParseIssue] = []
    }

    /// `readSibling` returns the source of a module file next to this one (for star imports).
    public static func parse(_ text: String, file: String, absPath: String, readSibling: (String) -> String? = { _ in nil }) -> Output {
        var issues: [ParseIssue] = []
        var initial: [String: PythonModule.Binding] = [:]
        // Star imports bring another module's names in before the rest of this module runs.
        for match in text.matches(of: /(?m)^from\s+([.\w]+)\s+import\s+\*/) {
            let module = String(match.1)
            let line = text[..<match.range.lowerBound].filter { $0 == "\n" }.count + 1
            let dir = (absPath as NSString).deletingLastPathComponent
            guard module.hasPrefix("."), !module.hasPrefix(".."), let name = module.split(separator: ".").last else {
                issues.append(ParseIssue(path: file, line: line, message: "from \(module) import * names a module outside this folder; its settings are not read"))
                continue
            }
            let siblingPath = dir + "/" + name + ".py"
            guard let source = readSibling(siblingPath) else {
                issues.append(ParseIssue(path: file, line: line, message: "from \(module) import *: \(name).py not found beside this file"))
                continue
            }
            let base = PythonModuleReader.read(source: source, filePath: siblingPath, initial: initial)
            initial = base.bindings
        }
        let module = PythonModuleReader.read(source: text, filePath: absPath, initial: initial)
        for i in module.issues { issues.append(ParseIssue(path: file, line: i.line, message: i.message)) }

        func strings(_ name: String) -> [String] {
            module.bindings[name]?.value.listValue?.compactMap(\.stringValue) ?? []
        }
        var settings = DjangoSettings(file: file, installedApps: strings("INSTALLED_APPS"), installedAppsLine: module.bindings["INSTALLED_APPS"]?.line,
                                      middleware: strings("MIDDLEWARE") + strings("MIDDLEWARE_CLASSES"),
                                      middlewareLine: module.bindings["MIDDLEWARE"]?.line ?? module.bindings["MIDDLEWARE_CLASSES"]?.line,
                                      hasLogging: false, loggingConfig: module.bindings["LOGGING_CONFIG"]?.value)
        var out = Output(settings: settings)
        if let binding = module.bindings["LOGGING"] {
            settings.logging = binding.value
            switch binding.value {
            case .dict(let d):
                let (setup, more) = DictConfigReader.read(d, file: file, line: binding.line, origin: "Django LOGGING")
                out.logging = setup
                issues += more
                settings.hasLogging = true
            case let other:
                issues.append(ParseIssue(path: file, line: binding.line, message: "LOGGING is \(other.display), not a dict; not read"))
            }
        }
        if case .null? = settings.loggingConfig {
            issues.append(ParseIssue(path: file, line: module.bindings["LOGGING_CONFIG"]?.line, message: "LOGGING_CONFIG = None: Django does not apply LOGGING; logging is configured elsewhere"))
        }
        out.settings = settings
        out.issues = issues
        return out
    }
}
