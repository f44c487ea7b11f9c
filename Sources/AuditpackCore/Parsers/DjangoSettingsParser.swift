import Foundation

/// Django settings modules read statically: LOGGING (as dictConfig), INSTALLED_APPS,
/// MIDDLEWARE, LOGGING_CONFIG. Imports of the project's own modules are followed where they
/// stand (`from .base import *`, `from .loggers import LOGGING`, `try: from .local import *
/// except ImportError: pass`), so split settings and overlays read as Python builds them;
/// class-based settings (django-configurations) give one logging setup per class that sets
/// LOGGING.
public enum DjangoSettingsParser {
    public struct Output: Sendable {
        public var settings: DjangoSettings
        /// The module's LOGGING first, then one per settings class that sets its own.
        public var loggings: [LoggingSetup] = []
        public var issues: [ParseIssue] = []

        public var logging: LoggingSetup? { loggings.first }
    }

    /// - Parameters:
    ///   - file: path relative to the scanned root; `absPath` the file's absolute path.
    ///   - read: returns the text of a file inside the root (absolute path), nil when absent.
    public static func parse(_ text: String, file: String, absPath: String, read: @escaping (String) -> String? = { _ in nil }) -> Output {
        var issues: [ParseIssue] = []
        let root = absPath.hasSuffix("/" + file) ? String(absPath.dropLast(file.count + 1)) : PyPath.dirname(absPath)
        let loader = PyModuleLoader(root: root.isEmpty ? "/" : root, read: read)
        let module = PythonModuleReader.read(source: text, filePath: absPath, loader: loader)
        for i in module.issues { issues.append(ParseIssue(path: file, line: i.line, message: i.message)) }
        for star in module.starImports where star.module.hasPrefix(".") {
            issues.append(ParseIssue(path: file, line: star.line, message: "from \(star.module) import * was not followed; its settings are not read"))
        }

        /// A handler class of the project (`proj.logs.AuditHandler`) followed through its bases
        /// to a standard or known class.
        func resolveClass(_ dotted: String, from path: String, depth: Int = 0) -> String? {
            guard depth < 8, let dot = dotted.lastIndex(of: ".") else { return nil }
            let moduleName = String(dotted[..<dot]), className = String(dotted[dotted.index(after: dot)...])
            guard case .file(let p) = loader.resolve(moduleName, from: path), let m = loader.load(p), let c = m.classes[className] else { return nil }
            return follow(c, in: m, depth: depth)
        }
        func follow(_ c: PyClass, in m: PythonModule, depth: Int) -> String? {
            for base in c.baseNames {
                let q = m.aliases[base] ?? base
                if HandlerClassifier.standard.contains(q) || HandlerClassifier.knownThirdParty[q] != nil { return q }
                if let parent = m.classes[base], parent !== c, depth < 8, let r = follow(parent, in: m, depth: depth + 1) { return r }
                if q.contains("."), let r = resolveClass(q, from: m.filePath, depth: depth + 1) { return r }
            }
            return nil
        }

        func strings(_ name: String) -> [String] {
            module.bindings[name]?.value.listValue?.compactMap(\.stringValue) ?? []
        }
        var settings = DjangoSettings(file: file, installedApps: strings("INSTALLED_APPS"), installedAppsLine: module.bindings["INSTALLED_APPS"]?.line,
                                      middleware: strings("MIDDLEWARE") + strings("MIDDLEWARE_CLASSES"),
                                      middlewareLine: module.bindings["MIDDLEWARE"]?.line ?? module.bindings["MIDDLEWARE_CLASSES"]?.line,
                                      hasLogging: false, loggingConfig: module.bindings["LOGGING_CONFIG"]?.value)
        var out = Output(settings: settings)
        func readLogging(_ value: ConfigValue, line: Int, origin: String) {
            switch value {
            case .dict(let d) where d.isEmpty:
                break  // Django calls dictConfig only for a non-empty LOGGING
            case .dict(let d):
                let (setup, more) = DictConfigReader.read(d, file: file, line: line, origin: origin, resolveClass: { resolveClass($0, from: absPath) })
                out.loggings.append(setup)
                issues += more
                settings.hasLogging = true
            case let other:
                issues.append(ParseIssue(path: file, line: line, message: "\(origin) is \(other.display), not a dict; not read"))
            }
        }
        // An example file (`local_settings.py.example`) is read and labelled as one.
        let isExample = FileClassifier.pythonExampleSuffixes.contains { file.lowercased().hasSuffix($0) }
        let label = isExample ? "Django LOGGING (example file)" : "Django LOGGING"
        if let binding = module.bindings["LOGGING"] {
            settings.logging = binding.value
            readLogging(binding.value, line: binding.line, origin: label)
        }
        // Class-based settings: each class whose body sets LOGGING is a configuration of its own.
        // A class that inherits LOGGING is one too when its own settings change it (a
        // property reading `self.LOGGING_USE_JSON`).
        for name in module.classOrder {
            guard let c = module.classes[name], c.filePath == absPath else { continue }
            let line = c.line(of: "LOGGING") ?? c.line
            let value = c.value(of: "LOGGING")
            if !c.defines("LOGGING") {
                guard let v = value, let inherited = c.parents.lazy.compactMap({ $0.value(of: "LOGGING") }).first,
                      inherited != v else { continue }
            }
            guard let value else {
                issues.append(ParseIssue(path: file, line: line, message: "LOGGING of settings class \(name) could not be evaluated statically; not read"))
                continue
            }
            if settings.logging == nil { settings.logging = value }
            readLogging(value, line: line, origin: "\(label) (class \(name))")
        }
        if case .null? = settings.loggingConfig {
            issues.append(ParseIssue(path: file, line: module.bindings["LOGGING_CONFIG"]?.line, message: "LOGGING_CONFIG = None: Django does not apply LOGGING; logging is configured elsewhere"))
        }
        out.settings = settings
        out.issues = issues
        return out
    }
}
