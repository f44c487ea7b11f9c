import Foundation
import Testing
@testable import AuditpackCore

/// Django projects read as Python builds them: imports between the project's modules,
/// overlays that change LOGGING in place, `try`/`except ImportError`, loops, functions,
/// class-based settings, handler classes of the project, and what dictConfig would raise.
@Suite("Python projects read across modules")
struct PythonProjectTests {
    static let files: [String: String] = [
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings.production')\n",
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "",
        "proj/logs.py": """
        import logging.handlers
        from logging.handlers import RotatingFileHandler

        class AuditHandler(RotatingFileHandler):
            pass

        class ShippedHandler(AuditHandler):
            pass

        class Mystery(SomethingElse):
            pass

        def get_logging(log_dir, level="INFO"):
            handlers = {}
            for name in ("app", "audit"):
                handlers[name] = {
                    "class": "logging.handlers.TimedRotatingFileHandler",
                    "filename": f"{log_dir}/{name}.log",
                    "when": "midnight",
                    "backupCount": 120,
                }
            return {"version": 1, "handlers": handlers, "root": {"handlers": list(handlers), "level": level}}
        """,
        "proj/settings/base.py": """
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        LOGGING = {
            "version": 1,
            "handlers": {"console": {"class": "logging.StreamHandler"}},
            "root": {"handlers": ["console"], "level": "INFO"},
        }
        """,
        // An overlay: changes the base's LOGGING in place; a local module that does not exist.
        "proj/settings/production.py": """
        from .base import *

        LOGGING["handlers"]["audit"] = {
            "class": "proj.logs.ShippedHandler",
            "filename": str(BASE_DIR / "audit.log"),
            "maxBytes": 1048576,
            "backupCount": 5,
        }
        LOGGING["root"]["handlers"].append("audit")
        try:
            from .local import *
        except ImportError:
            LOCAL = False
        """,
        "proj/settings/functional.py": """
        from proj.logs import get_logging
        LOGGING = get_logging("/var/log/proj", level="WARNING")
        """,
        "proj/settings/loggers.py": """
        LOGGING = {"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": "/var/log/x.log"}}, "root": {"handlers": ["f"]}}
        """,
        "proj/settings/imported.py": """
        from .loggers import LOGGING
        DEBUG = False
        """,
        "proj/settings/classy.py": """
        from configurations import Configuration

        class Common(Configuration):
            LOG_DIR = "/var/log/c"
            LOGGING = {"version": 1, "handlers": {"f": {"class": "logging.FileHandler", "filename": LOG_DIR + "/c.log"}},
                       "root": {"handlers": ["f"]}}

        class Production(Common):
            @property
            def LOGGING(self):
                logging = super().LOGGING
                logging["handlers"]["s"] = {"class": "logging.handlers.SysLogHandler", "address": ("logs.example.com", 514)}
                logging["root"]["handlers"] = ["f", "s"]
                return logging
        """,
        "proj/settings/broken.py": """
        import os
        LOGGING = {
            "version": 1,
            "handlers": {
                "file": {"class": "logging.FileHandler", "filename": os.environ.get("LOG_FILE")},
                "odd": {"class": "proj.logs.Mystery"},
                "never": {"class": "logging.handlers.RotatingFileHandler", "filename": "/var/log/n.log"},
            },
            "root": {"handlers": ["file", "odd", "never"]},
        }
        """,
    ]

    static func setups() throws -> (Facts, TempTree) {
        let tree = try TempTree(files)
        let session = try evaluate(tree.root)
        return (session.facts, tree)
    }

    @Test("an overlay's in-place changes apply to its base's LOGGING; each part cites the file that set it")
    func overlay() throws {
        let (facts, tree) = try Self.setups()
        defer { tree.remove() }
        let s = try #require(facts.logging.first { $0.file == "proj/settings/production.py" })
        #expect(s.handlers.map(\.name) == ["console", "audit"])
        #expect(s.fileOf(s.handlers[0]) == "proj/settings/base.py" && s.handlers[0].line == 5)
        #expect(s.fileOf(s.handlers[1]) == "proj/settings/production.py" && s.handlers[1].line == 3)
        #expect(s.logger("root")?.handlers == ["console", "audit"])
        // The project's handler class, followed through two bases to RotatingFileHandler.
        #expect(s.handlers[1].resolvedClass == "logging.handlers.RotatingFileHandler")
        guard case .file(let path, .size(1_048_576, 5)) = s.handlers[1].destination else {
            Issue.record("audit handler read as \(s.handlers[1].destination)"); return
        }
        #expect(path.stringValue == tree.root + "/proj/audit.log")
        // The missing local module was handled by the except clause, not reported.
        #expect(!facts.parseIssues.contains { $0.path == "proj/settings/production.py" })
        // The base is a setup of its own, with only its own handler.
        #expect(facts.logging.first { $0.file == "proj/settings/base.py" }?.handlers.map(\.name) == ["console"])
    }

    @Test("a function of the project builds LOGGING with the arguments given; a loop makes its handlers")
    func function() throws {
        let (facts, tree) = try Self.setups()
        defer { tree.remove() }
        let s = try #require(facts.logging.first { $0.file == "proj/settings/functional.py" })
        #expect(s.handlers.map(\.name) == ["app", "audit"])
        #expect(s.handlers.allSatisfy { s.fileOf($0) == "proj/logs.py" })
        #expect(s.logger("root")?.level == .string("WARNING"))
        guard case .file(let p, .timed("midnight", 1, 120)) = s.handlers[1].destination else {
            Issue.record("\(s.handlers[1].destination)"); return
        }
        #expect(p.stringValue == "/var/log/proj/audit.log")
    }

    @Test("LOGGING imported by name from a sibling module")
    func importedByName() throws {
        let (facts, tree) = try Self.setups()
        defer { tree.remove() }
        let s = try #require(facts.logging.first { $0.file == "proj/settings/imported.py" })
        #expect(s.handlers.map(\.name) == ["f"])
        #expect(s.fileOf(s.handlers[0]) == "proj/settings/loggers.py")
    }

    @Test("class-based settings: one setup per class that sets LOGGING, a property extending super()'s")
    func classBased() throws {
        let (facts, tree) = try Self.setups()
        defer { tree.remove() }
        let classes = facts.logging.filter { $0.file == "proj/settings/classy.py" }
        #expect(classes.map(\.origin) == ["Django LOGGING (class Common)", "Django LOGGING (class Production)"])
        let prod = try #require(classes.last)
        #expect(prod.handlers.map(\.name) == ["f", "s"])
        #expect(prod.logger("root")?.handlers == ["f", "s"])
        guard case .syslog("logs.example.com:514", true, "UDP") = prod.handlers[1].destination else {
            Issue.record("\(prod.handlers[1].destination)"); return
        }
        guard case .file(let p, _) = prod.handlers[0].destination else { Issue.record("\(prod.handlers[0].destination)"); return }
        #expect(p.stringValue == "/var/log/c/c.log")
    }

    @Test("a None filename is what dictConfig raises on; an unresolvable class is unknown; no maxBytes never rotates")
    func semantics() throws {
        let (facts, tree) = try Self.setups()
        defer { tree.remove() }
        let s = try #require(facts.logging.first { $0.file == "proj/settings/broken.py" })
        #expect(s.failure?.hasPrefix("ValueError: Unable to configure handler 'file'") == true)
        #expect(s.handlers[1].destination == .unknown(className: "proj.logs.Mystery"))
        #expect(s.handlers[1].resolvedClass == nil)
        guard case .file(_, .none) = s.handlers[2].destination else { Issue.record("\(s.handlers[2].destination)"); return }
        #expect(facts.parseIssues.contains { $0.path == "proj/settings/broken.py" && $0.line == 5 && $0.message.contains("filename is None") })
    }

    @Test("an import through a linked folder that leads out of the root is not followed")
    func importThroughLink() throws {
        let outside = try TempTree(["loggers.py": "LOGGING = {'version': 1, 'handlers': {'x': {'class': 'logging.StreamHandler'}}}\n"])
        defer { outside.remove() }
        let tree = try TempTree(["proj/settings.py": "from .linked.loggers import LOGGING\n", "proj/__init__.py": ""])
        defer { tree.remove() }
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/proj/linked", withDestinationPath: outside.root)
        let session = try evaluate(tree.root)
        #expect(session.facts.logging.isEmpty)
        #expect(session.facts.parseIssues.contains { $0.path == "proj/settings.py" && $0.message.contains("import of .linked.loggers not followed: it leads through a symbolic link") })
    }

    @Test("LOG-01 fails on a configuration Python cannot apply, naming what it raises")
    func failingConfiguration() throws {
        let tree = try TempTree(["settings.py": Self.files["proj/settings/broken.py"]!])
        defer { tree.remove() }
        let session = try evaluate(tree.root)
        let log01 = try #require(session.results.items.first { $0.id == "LOG-01" })
        #expect(log01.status == .fail)
        #expect(log01.outcome.message.contains("filename is None"))
        #expect(log01.outcome.message.contains("settings.py:2"))
    }
}
