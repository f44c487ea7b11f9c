import Foundation
import Testing
@testable import AuditpackCore

// MARK: - Helpers

private let settingsPath = "/srv/shop/shop/settings.py"

private func read(_ source: String, initial: [String: PythonModule.Binding] = [:]) -> PythonModule {
    PythonModuleReader.read(source: source, filePath: settingsPath, initial: initial)
}

/// The value of `X` after `<setup>X = <expression>`.
private func eval(_ expression: String, setup: String = "") -> ConfigValue? {
    read(setup + "X = " + expression + "\n").bindings["X"]?.value
}

private func s(_ string: String) -> ConfigValue { .string(string) }

private func list(_ items: ConfigValue...) -> ConfigValue { .list(items) }

private func dict(_ entries: (String, ConfigValue, Int)...) -> ConfigValue {
    .dict(ConfigDict(entries.map { ConfigDict.Entry(key: $0.0, value: $0.1, line: $0.2) }))
}

private func messages(_ module: PythonModule) -> [String] { module.issues.map(\.message) }

private func issueLines(_ module: PythonModule) -> [Int] { module.issues.map(\.line) }

// MARK: - Tokenizer

@Suite("Python tokenizer")
struct PythonTokenizerTests {
    @Test("numbers in every notation")
    func numbers() {
        #expect(eval("1_000") == .int(1000))
        #expect(eval("0x1F") == .int(31))
        #expect(eval("0o17") == .int(15))
        #expect(eval("0B101") == .int(5))
        #expect(eval("1.5") == .double(1.5))
        #expect(eval("1e3") == .double(1000))
        #expect(eval(".5") == .double(0.5))
        #expect(eval("5.") == .double(5))
        #expect(eval("2E-2") == .double(0.02))
        #expect(eval("1_0.2_5") == .double(10.25))
        #expect(eval("-3") == .int(-3))
        #expect(eval("-2.5") == .double(-2.5))
        #expect(eval("10j") == .unresolved("10j"))
        #expect(eval("99999999999999999999") == .unresolved("99999999999999999999"))
    }

    @Test("string prefixes, quotes and escapes")
    func strings() {
        #expect(eval(#"'a'"#) == s("a"))
        #expect(eval(#"u"c""#) == s("c"))
        #expect(eval(#"b"d""#) == s("d"))
        #expect(eval(#"R"\d+\n""#) == s(#"\d+\n"#))
        #expect(eval(#"rb'\x41'"#) == s(#"\x41"#))
        #expect(eval(#"Br"\n""#) == s(#"\n"#))
        #expect(eval(#""a\nb\t\\\'\"\x41\u00e9\101\N{DASH}""#) == s("a\nb\t\\'\"Aé" + "A" + #"\N{DASH}"#))
        #expect(eval(#"'''tri'ple'''"#) == s("tri'ple"))
        #expect(eval(#""""x"y""""#) == s("x\"y"))
        #expect(eval(#""unknown \q escape""#) == s(#"unknown \q escape"#))
    }

    @Test("adjacent string literals concatenate, across lines and comments")
    func implicitConcatenation() {
        let m = read("""
        X = ("a"
             'b'  # comment
             \"\"\"c\"\"\")
        Y = 1
        """)
        #expect(m.bindings["X"] == PythonModule.Binding(value: s("abc"), line: 1))
        #expect(m.bindings["Y"]?.line == 4)
    }

    @Test("continuation lines and multi-line tokens keep line numbers right")
    func lineNumbers() {
        let m = read(#"""
        A = 1 + \
            2
        B = [
            1,
            2,
        ]
        C = """one
        two"""
        D = 4
        """#)
        #expect(m.bindings["A"] == PythonModule.Binding(value: .int(3), line: 1))
        #expect(m.bindings["B"] == PythonModule.Binding(value: list(.int(1), .int(2)), line: 3))
        #expect(m.bindings["C"] == PythonModule.Binding(value: s("one\ntwo"), line: 7))
        #expect(m.bindings["D"] == PythonModule.Binding(value: .int(4), line: 9))
        #expect(m.bindingOrder == ["A", "B", "C", "D"])
    }

    @Test("comments, blank lines and CRLF line ends")
    func commentsAndLineEnds() {
        let m = read("# header\n\n   \nX = 1  # trailing\r\nY = [\r\n 2]\r\nZ = 3\r\n")
        #expect(m.bindings["X"] == PythonModule.Binding(value: .int(1), line: 4))
        #expect(m.bindings["Y"] == PythonModule.Binding(value: list(.int(2)), line: 5))
        #expect(m.bindings["Z"] == PythonModule.Binding(value: .int(3), line: 7))
        #expect(m.issues.isEmpty)
    }

    @Test("NEWLINE only outside brackets; INDENT and DEDENT around blocks")
    func structureTokens() {
        let tokens = PythonTokenizer.tokenize("if x:\n    y = (1,\n 2)\n\n    z = 2\nw = 3\n")
        #expect(tokens.map(\.kind) == [
            .name, .name, .op, .newline,
            .indent, .name, .op, .op, .number, .op, .number, .op, .newline,
            .name, .op, .number, .newline,
            .dedent, .name, .op, .number, .newline,
            .end,
        ])
        #expect(tokens.filter { $0.kind == .number }.map(\.line) == [2, 3, 5, 6])
        #expect(tokens.first { $0.text == "w" }?.line == 6)
    }

    @Test("operators are read longest first")
    func operators() {
        let tokens = PythonTokenizer.tokenize("a **= b // c != d -> e := f ... g")
        #expect(tokens.filter { $0.kind == .op }.map(\.text) == ["**=", "//", "!=", "->", ":=", "..."])
    }
}

// MARK: - Expressions

@Suite("Python expressions")
struct PythonExpressionTests {
    @Test("containers: lists, tuples and sets become lists; dict entries carry their key's line")
    func containers() {
        #expect(eval("[1, 'a', None, True, False]") == list(.int(1), s("a"), .null, .bool(true), .bool(false)))
        #expect(eval("(1, 2)") == list(.int(1), .int(2)))
        #expect(eval("1, 2") == list(.int(1), .int(2)))
        #expect(eval("(1,)") == list(.int(1)))
        #expect(eval("()") == list())
        #expect(eval("{3, 1, 3}") == list(.int(3), .int(1)))
        #expect(eval("[[1], {'a': (2,)}]") == list(list(.int(1)), dict(("a", list(.int(2)), 1))))
        let m = read("""
        X = {
            "a": 1,
            'b': {"c": [1, 2],
                  "d": None},
        }
        """)
        #expect(m.bindings["X"] == PythonModule.Binding(
            value: dict(("a", .int(1), 2), ("b", dict(("c", list(.int(1), .int(2)), 3), ("d", .null, 4)), 3)),
            line: 1))
    }

    @Test("non-string dict keys are stringified Python-style; a repeated key keeps its place")
    func dictKeys() {
        #expect(eval("{1: 'a', None: 'c', (1, 'x'): 'd', 2.5: 'e', (7,): 'f'}") == dict(
            ("1", s("a"), 1), ("None", s("c"), 1), ("(1, 'x')", s("d"), 1), ("2.5", s("e"), 1), ("(7,)", s("f"), 1)))
        #expect(eval("{'a': 1, 'b': 2, 'a': 3}") == dict(("a", .int(3), 1), ("b", .int(2), 1)))
        #expect(eval("{foo(): 1}") == .unresolved("{foo(): 1}"))
    }

    @Test("names, __file__ and unresolved names")
    func names() {
        #expect(eval("A", setup: "A = [1]\n") == list(.int(1)))
        #expect(eval("__file__") == s(settingsPath))
        #expect(eval("UNKNOWN") == .unresolved("UNKNOWN"))
        // A name bound to an unresolved value carries that value.
        #expect(eval("A", setup: "A = foo()\n") == .unresolved("foo()"))
    }

    @Test("unresolved expressions keep their source text, whitespace-normalised")
    func unresolvedText() {
        let m = read("""
        X = some_call(  1,
              2 ,  # comment
          key = "v" )
        """)
        #expect(m.bindings["X"]?.value == .unresolved(#"some_call(1, 2, key = "v")"#))
        #expect(eval("foo(1)") == .unresolved("foo(1)"))
        #expect(eval("lambda r: True") == .unresolved("lambda r: True"))
        #expect(eval("[x for x in range(3)]") == .unresolved("[x for x in range(3)]"))
        #expect(eval("{k: v for k, v in D.items()}") == .unresolved("{k: v for k, v in D.items()}"))
        #expect(eval("any(x for x in y)") == .unresolved("any(x for x in y)"))
        #expect(eval("settings.X") == .unresolved("settings.X"))
        #expect(eval("A[1:2]", setup: "A = [1, 2, 3]\n") == .unresolved("A[1:2]"))
        #expect(eval("...") == .unresolved("..."))
        #expect(eval("(y := 5)") == .unresolved("(y := 5)"))
        #expect(eval("[1, foo()]") == list(.int(1), .unresolved("foo()")))
        #expect(eval("{'a': foo(), 'b': 2}") == dict(("a", .unresolved("foo()"), 1), ("b", .int(2), 1)))
        #expect(eval("x + os.environ['A']", setup: "x = 'a'\n") == .unresolved("x + os.environ['A']"))
    }

    @Test("comprehensions over values known statically; anything unknown leaves the whole value unresolved")
    func comprehensions() {
        #expect(eval("[x * 2 for x in [1, 2, 3] if x != 2]") == list(.int(2), .int(6)))
        #expect(eval("[a + b for a in ['x', 'y'] for b in ['1', '2'] if b != '2']") == list(s("x1"), s("y1")))
        #expect(eval("[f'{h}.log' for h in H]", setup: "H = ('app', 'audit')\n") == list(s("app.log"), s("audit.log")))
        #expect(eval("{k: v for k, v in D.items()}", setup: "D = {'a': 1}\n") == dict(("a", .int(1), 2)))
        #expect(eval("{n: n.upper() for n in ('a', 'b')}") == dict(("a", s("A"), 1), ("b", s("B"), 1)))
        #expect(eval("list(x for x in ['a'])") == list(s("a")))
        #expect(eval("sorted({x for x in [2, 1, 2]})") == .unresolved("sorted({x for x in [2, 1, 2]})"))
        #expect(eval("len({x for x in [2, 1, 2]})") == .int(2))
        // The loop variable is the comprehension's own: the module's x is untouched.
        #expect(eval("[x for x in [1]] + [x]", setup: "x = 5\n") == list(.int(1), .int(5)))
        #expect(eval("[x for x in [1] if foo(x)]") == .unresolved("[x for x in [1] if foo(x)]"))
        #expect(eval("[x for x in L]") == .unresolved("[x for x in L]"))
    }

    @Test("subscripts on known containers")
    func subscripts() {
        let setup = "D = {'a': {'b': [10, 20]}, 1: 'one'}\n"
        #expect(eval("D['a']['b'][-1]", setup: setup) == .int(20))
        #expect(eval("D[1]", setup: setup) == s("one"))
        #expect(eval("D['missing']", setup: setup) == .unresolved("D['missing']"))
        #expect(eval("'abc'[1]") == s("b"))
    }

    @Test("os.path functions with Python semantics")
    func osPath() {
        #expect(eval("os.path.dirname(os.path.dirname(os.path.abspath(__file__)))") == s("/srv/shop"))
        #expect(eval("os.path.join('/a', 'b', 'c')") == s("/a/b/c"))
        #expect(eval("os.path.join('/a', '/b', 'c')") == s("/b/c"))
        #expect(eval("os.path.join('a/', 'b')") == s("a/b"))
        #expect(eval("os.path.join('/a', '')") == s("/a/"))
        #expect(eval("os.path.abspath('/a/b/../c/./d')") == s("/a/c/d"))
        #expect(eval("os.path.abspath('rel')") == .unresolved("os.path.abspath('rel')"))
        #expect(eval("os.path.realpath('/a//b/..')") == s("/a"))
        #expect(eval("os.path.normpath('a/./b/../../..')") == s(".."))
        #expect(eval("os.path.basename('/a/b.txt')") == s("b.txt"))
        #expect(eval("os.path.dirname('/a/b/')") == s("/a/b"))
        #expect(eval("os.path.dirname('a')") == s(""))
        #expect(eval("os.path.expanduser('~/x')") == .unresolved("os.path.expanduser('~/x')"))
        #expect(eval("os.path.expanduser('/x')") == s("/x"))
        #expect(eval("os.path.join(UNKNOWN, 'x')") == .unresolved("os.path.join(UNKNOWN, 'x')"))
        #expect(eval("join('/a', 'b')", setup: "from os.path import join\n") == s("/a/b"))
        #expect(eval("osp.join('/a', 'b')", setup: "import os.path as osp\n") == s("/a/b"))
    }

    @Test("pathlib paths are their str()")
    func pathlib() {
        #expect(eval("Path(__file__).resolve().parent.parent") == s("/srv/shop"))
        #expect(eval("Path(__file__).resolve(strict=True).parent") == s("/srv/shop/shop"))
        #expect(eval("Path('/a') / 'b' / 'c.log'") == s("/a/b/c.log"))
        #expect(eval("BASE / 'static'", setup: "from pathlib import Path\nBASE = Path('/srv/app/')\n") == s("/srv/app/static"))
        #expect(eval("Path('/a/b').name") == s("b"))
        #expect(eval("Path('/a/b/').parent") == s("/a"))
        #expect(eval("Path('a').parent") == s("."))
        #expect(eval("str(Path('/a') / 'b')") == s("/a/b"))
        #expect(eval("pathlib.Path('/x', 'y')", setup: "import pathlib\n") == s("/x/y"))
        #expect(eval("PurePath('a//b/./c/')") == s("a/b/c"))
        #expect(eval("Path()") == s("."))
        #expect(eval("Path('/a/../b').resolve()") == s("/b"))
        #expect(eval("Path('/a/./b').absolute()") == s("/a/b"))
        #expect(eval("Path('/a').joinpath('b', 'c')") == s("/a/b/c"))
        #expect(eval("Path('/a') / '/b'") == s("/b"))
        #expect(eval("'/srv' / 'x'") == s("/srv/x"))
        #expect(eval("Path('rel').resolve()") == .unresolved("Path('rel').resolve()"))
        #expect(eval("Path.home() / 'x'") == .unresolved("Path.home() / 'x'"))
    }

    @Test("os.environ / os.getenv take the default")
    func osEnviron() {
        #expect(eval("os.environ.get('X', 'd')") == s("d"))
        #expect(eval("os.environ.get('X', default='d')") == s("d"))
        #expect(eval("os.getenv('X', '5')") == s("5"))
        #expect(eval("os.getenv('X', None)") == .null)
        #expect(eval("int(os.getenv('PORT', '8000'))") == .int(8000))
        #expect(eval("os.getenv('X', os.path.join('/a', 'b'))") == s("/a/b"))
        #expect(eval("os.environ.setdefault('X', 'v')") == s("v"))
        // Unset and without a default: None, as Python gives it.
        #expect(eval("os.environ.get('X')") == .null)
        #expect(eval("os.getenv('X')") == .null)
        #expect(eval("os.environ['X']") == .unresolved("os.environ['X']"))
        #expect(eval("os.getenv('DJANGO_DEBUG', 'false').lower() == 'true'") == .bool(false))
        #expect(eval("os.environ.get('HOSTS', 'a,b').split(',')") == list(s("a"), s("b")))
        #expect(eval("getenv('X', 'g')", setup: "from os import getenv\n") == s("g"))
    }

    @Test("django-environ returns the default as given when the variable is unset")
    func djangoEnviron() {
        #expect(eval("env('X', default='d')") == s("d"))
        #expect(eval("env.str('X', default='s')") == s("s"))
        #expect(eval("env.int('X', default=5)") == .int(5))
        #expect(eval("env.bool('X', default=False)") == .bool(false))
        #expect(eval("env.bool('X', False)") == .bool(false))
        // Env.get_value only parses a value that differs from the default, so the string stays a string.
        #expect(eval("env.bool('X', default='true')") == s("true"))
        #expect(eval("env.list('X', default=['a'])") == list(s("a")))
        #expect(eval("env('X')") == .unresolved("env('X')"))
        #expect(eval("env.str('X')") == .unresolved("env.str('X')"))
        #expect(eval("env.db('DATABASE_URL', default='sqlite:///x')") == .unresolved("env.db('DATABASE_URL', default='sqlite:///x')"))
        #expect(eval("env('X', default='d', parse_default=True)") == .unresolved("env('X', default='d', parse_default=True)"))
        // An `env` imported from the base settings module is the same django-environ object.
        #expect(eval("env.bool('X', default=True)", setup: "from .base import env\n") == .bool(true))
        #expect(eval("env('X', default=1)", setup: "from myproject.utils import env_helper as env\n") == .unresolved("env('X', default=1)"))
    }

    @Test("django-environ scheme defaults from environ.Env(...)")
    func environScheme() {
        let m = read("""
        import environ
        settings_env = environ.Env(DEBUG=(bool, False), HOSTS=(list, ["a"]), PLAIN=str)
        A = settings_env("DEBUG")
        B = settings_env.list("HOSTS")
        C = settings_env("PLAIN")
        D = settings_env("DEBUG", default=True)
        """)
        #expect(m.bindings["A"]?.value == .bool(false))
        #expect(m.bindings["B"]?.value == list(s("a")))
        #expect(m.bindings["C"]?.value == .unresolved(#"settings_env("PLAIN")"#))
        #expect(m.bindings["D"]?.value == .bool(true))
        #expect(m.bindings["settings_env"]?.value == .unresolved(#"environ.Env(DEBUG=(bool, False), HOSTS=(list, ["a"]), PLAIN=str)"#))
    }

    @Test("python-decouple applies the cast to the default")
    func decouple() {
        let setup = "from decouple import config, Csv\n"
        #expect(eval("config('X', default='d')", setup: setup) == s("d"))
        #expect(eval("config('X', 'd')", setup: setup) == s("d"))
        #expect(eval("config('X', default='5', cast=int)", setup: setup) == .int(5))
        #expect(eval("config('X', default='True', cast=bool)", setup: setup) == .bool(true))
        #expect(eval("config('X', default=False, cast=bool)", setup: setup) == .bool(false))
        #expect(eval("config('X', default='off', cast=bool)", setup: setup) == .bool(false))
        #expect(eval("config('X', default='a, b,,c', cast=Csv())", setup: setup) == list(s("a"), s("b"), s("c")))
        #expect(eval("config('X', default='maybe', cast=bool)", setup: setup) == .unresolved("config('X', default='maybe', cast=bool)"))
        #expect(eval("config('X')", setup: setup) == .unresolved("config('X')"))
        #expect(eval("config('X', default='1', cast=custom)", setup: setup) == .unresolved("config('X', default='1', cast=custom)"))
    }

    @Test("string concatenation and % formatting")
    func stringOperators() {
        #expect(eval("'a' + 'b'") == s("ab"))
        #expect(eval("[1] + [2]") == list(.int(1), .int(2)))
        #expect(eval("'%s-%d-%r' % ('a', 5, 'b')") == s("a-5-'b'"))
        #expect(eval("'%s' % 'x'") == s("x"))
        #expect(eval("'%i%%' % 3.9") == s("3%"))
        #expect(eval("'%(name)s!' % {'name': 'n'}") == s("n!"))
        #expect(eval("'%s and %s' % ('a',)") == .unresolved("'%s and %s' % ('a',)"))
        #expect(eval("'%5s' % 'x'") == .unresolved("'%5s' % 'x'"))
        #expect(eval("'%s' % UNKNOWN") == .unresolved("'%s' % UNKNOWN"))
        #expect(eval("'%s' % [1, 2]") == .unresolved("'%s' % [1, 2]"))
        #expect(eval("'ab' * 2") == s("abab"))
        #expect(eval("[0] * 3") == list(.int(0), .int(0), .int(0)))
    }

    @Test("f-strings with simple fields")
    func fStrings() {
        let setup = "A = 'x'\nN = 3\nD = {'k': 1}\n"
        #expect(eval(#"f"{A}-{N}-{N!r}-{A!r}""#, setup: setup) == s("x-3-3-'x'"))
        #expect(eval(#"f"{{literal}} {A}""#, setup: setup) == s("{literal} x"))
        #expect(eval(#"f"{D['k']} {A.upper()} { N + 1 }""#, setup: setup) == s("1 X 4"))
        #expect(eval(#"rf"\d{A}""#, setup: setup) == s(#"\dx"#))
        #expect(eval(#"f"{A}" "-plain-" f'{N}'"#, setup: setup) == s("x-plain-3"))
        #expect(eval(#"f"{N:03d}""#, setup: setup) == .unresolved(#"f"{N:03d}""#))
        #expect(eval(#"f"{A=}""#, setup: setup) == .unresolved(#"f"{A=}""#))
        #expect(eval(#"f"{UNKNOWN}""#, setup: setup) == .unresolved(#"f"{UNKNOWN}""#))
        #expect(eval(#"f"{BASE}/logs""#, setup: "BASE = Path(__file__).parent\n") == s("/srv/shop/shop/logs"))
    }

    @Test("str.format with positional and keyword fields")
    func format() {
        #expect(eval("'{}-{}'.format('a', 1)") == s("a-1"))
        #expect(eval("'{0}{1}{0}'.format('a', 'b')") == s("aba"))
        #expect(eval("'{name}@{host}'.format(name='n', host='h')") == s("n@h"))
        #expect(eval("'{!r}'.format('a')") == s("'a'"))
        #expect(eval("'{{}}{}'.format(1)") == s("{}1"))
        #expect(eval("'{:>5}'.format('a')") == .unresolved("'{:>5}'.format('a')"))
        #expect(eval("'{0.x}'.format(A)") == .unresolved("'{0.x}'.format(A)"))
    }

    @Test("string methods")
    func stringMethods() {
        #expect(eval("'  Ab '.strip()") == s("Ab"))
        #expect(eval("'xxaxx'.strip('x')") == s("a"))
        #expect(eval("' a '.lstrip()") == s("a "))
        #expect(eval("' a '.rstrip()") == s(" a"))
        #expect(eval("'Ab'.upper()") == s("AB"))
        #expect(eval("'Ab'.lower()") == s("ab"))
        #expect(eval("'a,b,,c'.split(',')") == list(s("a"), s("b"), s(""), s("c")))
        #expect(eval("' a  b '.split()") == list(s("a"), s("b")))
        #expect(eval("'a,b,c'.split(',', 1)") == list(s("a"), s("b,c")))
        #expect(eval("','.join(['a', 'b'])") == s("a,b"))
        #expect(eval("'a-b'.replace('-', '_')") == s("a_b"))
        #expect(eval("'abc'.startswith('ab')") == .bool(true))
        #expect(eval("'abc'.endswith(('x', 'c'))") == .bool(true))
        #expect(eval("'abc'.title()") == .unresolved("'abc'.title()"))
    }

    @Test("dict(), unpacking in displays, list(), tuple() and scalar builtins")
    func builtins() {
        let setup = "D = {'a': 1}\nL = [1, 2]\n"
        let m = read(setup + "X = dict(\n    a=1,\n    b='x',\n)\n")
        #expect(m.bindings["X"]?.value == dict(("a", .int(1), 4), ("b", s("x"), 5)))
        #expect(eval("dict(**D, k=2)", setup: setup) == dict(("a", .int(1), 1), ("k", .int(2), 3)))
        #expect(eval("dict(D)", setup: setup) == dict(("a", .int(1), 1)))
        #expect(eval("dict([('p', 1)])", setup: setup) == dict(("p", .int(1), 3)))
        #expect(eval("{**D, 'k': 2, 'a': 0}", setup: setup) == dict(("a", .int(0), 3), ("k", .int(2), 3)))
        #expect(eval("[*L, 3]", setup: setup) == list(.int(1), .int(2), .int(3)))
        #expect(eval("{**UNKNOWN, 'k': 1}") == .unresolved("{**UNKNOWN, 'k': 1}"))
        #expect(eval("list((1, 2))") == list(.int(1), .int(2)))
        #expect(eval("tuple([1])") == list(.int(1)))
        #expect(eval("list('ab')") == list(s("a"), s("b")))
        #expect(eval("list(D)", setup: setup) == list(s("a")))
        #expect(eval("set([1, 1, 2])") == list(.int(1), .int(2)))
        #expect(eval("int('3')") == .int(3))
        #expect(eval("int(' 42 ')") == .int(42))
        #expect(eval("int(3.9)") == .int(3))
        #expect(eval("int('x')") == .unresolved("int('x')"))
        #expect(eval("float('1.5')") == .double(1.5))
        #expect(eval("bool(0)") == .bool(false))
        #expect(eval("bool('x')") == .bool(true))
        #expect(eval("str(5)") == s("5"))
        #expect(eval("str(1.0)") == s("1.0"))
        #expect(eval("str(True)") == s("True"))
        #expect(eval("str(None)") == s("None"))
        #expect(eval("len([1, 2])") == .int(2))
        #expect(eval("copy.deepcopy(D)", setup: setup) == dict(("a", .int(1), 1)))
        #expect(eval("D.get('a')", setup: setup) == .int(1))
        #expect(eval("D.get('z', 'dflt')", setup: setup) == s("dflt"))
        #expect(eval("L.index(2)", setup: setup) == .int(1))
        #expect(eval("L.index(5)", setup: setup) == .unresolved("L.index(5)"))
    }

    @Test("arithmetic with Python semantics")
    func arithmetic() {
        #expect(eval("10 * 1024 * 1024") == .int(10_485_760))
        #expect(eval("60 * 60 * 24 * 7") == .int(604_800))
        #expect(eval("(1 + 2) * 3") == .int(9))
        #expect(eval("7 // 2") == .int(3))
        #expect(eval("-7 // 2") == .int(-4))
        #expect(eval("-7 % 3") == .int(2))
        #expect(eval("7 % -3") == .int(-2))
        #expect(eval("7 / 2") == .double(3.5))
        #expect(eval("2 ** 10") == .int(1024))
        #expect(eval("2 ** -1") == .double(0.5))
        #expect(eval("-2 ** 2") == .int(-4))
        #expect(eval("2 ** 3 ** 2") == .int(512))
        #expect(eval("1 + 2.5") == .double(3.5))
        #expect(eval("True + 1") == .int(2))
        #expect(eval("1 << 4 | 1") == .int(17))
        #expect(eval("~0") == .int(-1))
        #expect(eval("{'a': 1} | {'b': 2}") == dict(("a", .int(1), 1), ("b", .int(2), 1)))
        #expect(eval("1 / 0") == .unresolved("1 / 0"))
        #expect(eval("9223372036854775807 + 1") == .unresolved("9223372036854775807 + 1"))
        #expect(eval("'a' - 1") == .unresolved("'a' - 1"))
    }

    @Test("comparisons and boolean operators only when resolvable")
    func logic() {
        #expect(eval("1 < 2 < 3") == .bool(true))
        #expect(eval("1 < 3 < 2") == .bool(false))
        #expect(eval("'a' == 'a'") == .bool(true))
        #expect(eval("1 == 1.0") == .bool(true))
        #expect(eval("'1' == 1") == .bool(false))
        #expect(eval("[1, 'a'] != [1, 'a']") == .bool(false))
        #expect(eval("'x' in ['x', 'y']") == .bool(true))
        #expect(eval("'k' not in {'k': 1}") == .bool(false))
        #expect(eval("'ab' in 'cabd'") == .bool(true))
        #expect(eval("None is None") == .bool(true))
        #expect(eval("A is not None", setup: "A = 'x'\n") == .bool(true))
        #expect(eval("'b' < 'ab'") == .bool(false))
        #expect(eval("UNKNOWN == 1") == .unresolved("UNKNOWN == 1"))
        #expect(eval("[UNKNOWN] == [1]") == .unresolved("[UNKNOWN] == [1]"))
        #expect(eval("True and 'x'") == s("x"))
        #expect(eval("0 or 'd'") == s("d"))
        #expect(eval("not []") == .bool(true))
        #expect(eval("not 1 == 2") == .bool(true))
        #expect(eval("False and UNKNOWN") == .bool(false))
        #expect(eval("UNKNOWN or 1") == .unresolved("UNKNOWN or 1"))
        #expect(eval("'a' if True else 'b'") == s("a"))
        #expect(eval("'a' if 0 else 'b'") == s("b"))
        #expect(eval("'a' if UNKNOWN else 'b'") == .unresolved("'a' if UNKNOWN else 'b'"))
    }
}

// MARK: - Statements

@Suite("Python module statements")
struct PythonModuleStatementTests {
    @Test("chained, unpacking, starred and annotated assignments")
    func assignments() {
        let m = read("""
        A = B = [1]
        a, b = 1, 2
        (c, d) = [3, 4]
        e, *f, g = 1, 2, 3, 4
        h, i = foo()
        (j, k), l = foo(), 1
        X: int = 5
        Y: list[str] = ["a"]
        Z: int
        """)
        #expect(m.bindings["A"] == PythonModule.Binding(value: list(.int(1)), line: 1))
        #expect(m.bindings["B"] == PythonModule.Binding(value: list(.int(1)), line: 1))
        #expect(m.bindings["a"]?.value == .int(1))
        #expect(m.bindings["b"]?.value == .int(2))
        #expect(m.bindings["c"]?.value == .int(3))
        #expect(m.bindings["d"]?.value == .int(4))
        #expect(m.bindings["e"]?.value == .int(1))
        #expect(m.bindings["f"]?.value == list(.int(2), .int(3)))
        #expect(m.bindings["g"]?.value == .int(4))
        #expect(m.bindings["h"]?.value == .unresolved("foo()"))
        #expect(m.bindings["i"]?.value == .unresolved("foo()"))
        #expect(m.bindings["j"]?.value == .unresolved("foo()"))
        #expect(m.bindings["k"]?.value == .unresolved("foo()"))
        #expect(m.bindings["l"]?.value == .int(1))
        #expect(m.bindings["X"] == PythonModule.Binding(value: .int(5), line: 7))
        #expect(m.bindings["Y"]?.value == list(s("a")))
        #expect(m.bindings["Z"] == nil)
        #expect(m.bindingOrder == ["A", "B", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "X", "Y"])
        #expect(m.issues.isEmpty)
    }

    @Test("augmented assignment: lists change in place, strings and numbers rebind")
    func augmented() {
        let m = read("""
        L = ["a"]
        L += ["b"]
        S = "x"
        S += "y"
        N = 1
        N *= 6
        L += ("c",)
        """)
        #expect(m.bindings["L"] == PythonModule.Binding(value: list(s("a"), s("b"), s("c")), line: 1))
        #expect(m.bindings["S"] == PythonModule.Binding(value: s("xy"), line: 4))
        #expect(m.bindings["N"] == PythonModule.Binding(value: .int(6), line: 6))
        #expect(m.mutations.map(\.name) == ["L", "L"])
        #expect(m.mutations.map(\.line) == [2, 7])
        #expect(m.issues.isEmpty)
    }

    @Test("mutations of existing bindings are applied in order and recorded")
    func mutations() {
        let m = read("""
        D = {"a": {"b": {"c": 1}}, "l": [1, 2]}
        D["a"]["b"]["c"] = 2
        D["a"]["new"] = 3
        D["l"].append(3)
        D["l"].extend([4, 5])
        D["l"].insert(0, 0)
        D["l"].remove(2)
        D.update({"u": 1})
        D.update(v=2)
        D["a"].update(w=3)
        D.setdefault("s", [])
        D.setdefault("u", 99)
        del D["v"]
        D["l"] += [6]
        K = "a"
        D[K]["k"] = "via name"
        """)
        let expected = dict(
            ("a", dict(("b", dict(("c", .int(2), 2)), 1), ("new", .int(3), 3), ("w", .int(3), 10), ("k", s("via name"), 16)), 1),
            ("l", list(.int(0), .int(1), .int(3), .int(4), .int(5), .int(6)), 14),
            ("u", .int(1), 8),
            ("s", list(), 11))
        #expect(m.bindings["D"] == PythonModule.Binding(value: expected, line: 1))
        #expect(m.mutations.map(\.name) == Array(repeating: "D", count: 14))
        #expect(m.mutations.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16])
        #expect(m.issues.isEmpty)
    }

    @Test("list items, pop and clear")
    func listMutations() {
        let m = read("""
        L = [1, 2, 3]
        L[-1] = 9
        L[0] = 0
        M = [1, 2, 3]
        M.pop()
        M.pop(0)
        D = {"a": 1, "b": 2}
        D.pop("a")
        C = [1]
        C.clear()
        """)
        #expect(m.bindings["L"]?.value == list(.int(0), .int(2), .int(9)))
        #expect(m.bindings["M"]?.value == list(.int(2)))
        #expect(m.bindings["D"]?.value == dict(("b", .int(2), 7)))
        #expect(m.bindings["C"]?.value == list())
        #expect(m.issues.isEmpty)
    }

    @Test("mutations that cannot be applied are reported, never invented")
    func failedMutations() {
        let m = read("""
        D = {"a": {}}
        D["x"]["y"] = 1
        UNDEF["a"] = 1
        D[foo()] = 1
        U = foo()
        U["a"] = 1
        L = [1]
        L.remove(5)
        L[3] = 1
        L.sort()
        D["a"].append(1)
        U["k"] += 1
        D["a"]["n"] += 1
        """)
        #expect(m.bindings["D"]?.value == dict(("a", dict(), 1)))
        #expect(m.bindings["L"]?.value == list(.int(1)))
        #expect(m.bindings["UNDEF"] == nil)
        #expect(messages(m) == [
            "mutation of D not applied: D['x'] does not exist",
            "UNDEF is not defined; mutation not evaluated",
            "mutation of D not applied: key `foo()` is unresolved",
            "mutation of U not applied: U is unresolved",
            "mutation of L not applied: 5 is not in L",
            "mutation of L not applied: L[3] does not exist",
            "statement not evaluated may change L",
            "mutation of D not applied: D['a'] has no method append() that can be evaluated",
            "mutation of U not applied: U is unresolved",
            "mutation of D not applied: D['a']['n'] does not exist",
        ])
        #expect(issueLines(m) == [2, 3, 4, 6, 8, 9, 10, 11, 12, 13])
        #expect(m.mutations.map(\.line) == [2, 4, 6, 8, 9, 11, 12, 13])
    }

    @Test("a middleware inserted relative to another one")
    func insertRelative() {
        let m = read("""
        MIDDLEWARE = ["a", "b"]
        MIDDLEWARE.insert(MIDDLEWARE.index("b") + 1, "c")
        MIDDLEWARE.insert(-1, "x")
        """)
        #expect(m.bindings["MIDDLEWARE"]?.value == list(s("a"), s("b"), s("x"), s("c")))
        #expect(m.issues.isEmpty)
    }

    @Test("a value that cannot be parsed names the settings it leaves unassigned")
    func unparseableValue() {
        let m = read("""
        APPS = [
            "a",
        {% if cookiecutter.use_celery %}
            "celery",
        {% endif %}
        ]
        AFTER = 1
        """)
        #expect(messages(m) == ["could not parse the value of APPS: unexpected '%'"])
        #expect(issueLines(m) == [3])
        #expect(m.bindings["APPS"] == nil)
        #expect(m.bindings["AFTER"]?.value == .int(1))
    }

    @Test("del removes bindings and entries")
    func delete() {
        let m = read("""
        A = 1
        B = {"k": 1, "j": 2}
        del A, B["k"]
        del NOPE
        """)
        #expect(m.bindings["A"] == nil)
        #expect(m.bindingOrder == ["B"])
        #expect(m.bindings["B"]?.value == dict(("j", .int(2), 2)))
        #expect(messages(m) == ["NOPE is not defined; del not evaluated"])
    }

    @Test("imports are recorded; star imports separately")
    func imports() {
        let m = read("""
        import os
        import os.path as osp, sys
        from django.conf import settings
        from .base import *
        from ..common.settings import *
        from . import local
        from x import (a as b,
                       c,)
        from ...up import thing
        """)
        #expect(m.imports.map(\.module) == ["os", "os.path", "sys", "django.conf", ".", "x", "...up"])
        #expect(m.imports.map(\.names) == [[], [], [], ["settings"], ["local"], ["a", "c"], ["thing"]])
        #expect(m.imports.map(\.line) == [1, 2, 2, 3, 6, 7, 9])
        #expect(m.starImports.map(\.module) == [".base", "..common.settings"])
        #expect(m.starImports.map(\.line) == [4, 5])
        #expect(m.bindings.isEmpty)
        #expect(m.issues.isEmpty)
    }

    @Test("if/elif/else takes the branch whose condition resolves")
    func conditionals() {
        let m = read("""
        DEBUG = False
        if DEBUG:
            A = "debug"
        elif 1 > 2:
            A = "never"
        else:
            A = "prod"
            if not DEBUG:
                B = 1
        if True: C = 1; D = 2
        if DEBUG:
            E = 1
        """)
        #expect(m.bindings["A"] == PythonModule.Binding(value: s("prod"), line: 7))
        #expect(m.bindings["B"] == PythonModule.Binding(value: .int(1), line: 9))
        #expect(m.bindings["C"]?.value == .int(1))
        #expect(m.bindings["D"]?.value == .int(2))
        #expect(m.bindings["E"] == nil)
        #expect(m.issues.isEmpty)
    }

    @Test("a condition that does not resolve reports what its branches may change")
    func unresolvedCondition() {
        let m = read("""
        import sys
        LOGGING = {"handlers": {}}
        if "test" in sys.argv:
            DATABASES = {}
            LOGGING["handlers"]["x"] = 1
        elif FOO:
            CACHE = 1
        else:
            OTHER = 2
        if sys.platform == "linux":
            pass
        X = 1
        """)
        #expect(messages(m) == [
            #"conditional block at line 3 not evaluated: condition `"test" in sys.argv` is unresolved; may change DATABASES, LOGGING"#,
            #"conditional block at line 6 not evaluated: condition `"test" in sys.argv` is unresolved; may change CACHE"#,
            #"conditional block at line 8 not evaluated: condition `"test" in sys.argv` is unresolved; may change OTHER"#,
        ])
        #expect(issueLines(m) == [3, 6, 8])
        #expect(m.bindings["DATABASES"] == nil)
        #expect(m.bindings["LOGGING"]?.value == dict(("handlers", dict(), 2)))
        #expect(m.bindings["X"]?.value == .int(1))
    }

    @Test("try bodies and for loops over known values run; with blocks are skipped, reporting what they may change")
    func compoundBlocks() {
        let m = read("""
        LOGGING = {"loggers": {}}
        INSTALLED_APPS = ["a"]
        try:
            import debug_toolbar
            INSTALLED_APPS += ["debug_toolbar"]
            SENTRY = True
        except ImportError:
            SENTRY = False
        for name in ["x", "y"]:
            LOGGING["loggers"][name] = {"level": name.upper()}
        def configure():
            LOCAL = 1
            LOGGING["x"] = 1
        class Foo:
            pass
        with open("x") as f:
            SECRET_KEY = f.read()
        configure()
        for k in os.environ:
            LOGGING["z"] = 1
        """)
        #expect(messages(m) == [
            "statement not evaluated (compound 'with' block) may change SECRET_KEY",
            "call of configure() not evaluated for what it changes; it may change LOGGING",
            "statement not evaluated (compound 'for' block) may change LOGGING",
        ])
        #expect(issueLines(m) == [16, 18, 19])
        #expect(m.bindings["INSTALLED_APPS"]?.value == list(s("a"), s("debug_toolbar")))
        #expect(m.bindings["SENTRY"]?.value == .bool(true))
        #expect(m.bindings["LOGGING"]?.value.dictValue?["loggers"]?.dictValue?.keys == ["x", "y"])
        #expect(m.bindings["LOGGING"]?.value.dictValue?["loggers"]?.dictValue?["y"]?.dictValue?["level"] == s("Y"))
        #expect(m.bindings["LOCAL"] == nil)
    }

    @Test("statements not understood matter only when they mention a dict or list binding")
    func notUnderstood() {
        let m = read("""
        \"\"\"Settings docstring.\"\"\"
        import sentry_sdk
        LOGGING = {}
        NAME = "x"
        sentry_sdk.init(dsn="x", traces_sample_rate=0.1)
        logging.config.dictConfig(LOGGING)
        print(NAME)
        A = 1; B = 2
        obj.attr = LOGGING
        @decorator
        def f(): pass
        configure(LOGGING=1, handlers=NAME)
        """)
        #expect(messages(m) == [
            "statement not evaluated may change LOGGING",
            "statement not evaluated may change LOGGING",
        ])
        #expect(issueLines(m) == [6, 9])
        #expect(m.bindings["A"]?.value == .int(1))
        #expect(m.bindings["B"]?.value == .int(2))
    }

    @Test("initial bindings are inherited, mutated and listed first")
    func initialBindings() {
        let initial: [String: PythonModule.Binding] = [
            "LOGGING": PythonModule.Binding(value: dict(("handlers", dict(), 6)), line: 5),
            "DEBUG": PythonModule.Binding(value: .bool(false), line: 2),
        ]
        let m = read("""
        from .base import *
        LOGGING["handlers"]["new"] = {"level": "DEBUG"}
        DEBUG = True
        NEW = 1
        """, initial: initial)
        #expect(m.bindingOrder == ["DEBUG", "LOGGING", "NEW"])
        #expect(m.bindings["LOGGING"] == PythonModule.Binding(
            value: dict(("handlers", dict(("new", dict(("level", s("DEBUG"), 2)), 2)), 6)), line: 5))
        #expect(m.bindings["DEBUG"] == PythonModule.Binding(value: .bool(true), line: 3))
        #expect(m.starImports.map(\.module) == [".base"])
        #expect(m.mutations.map(\.name) == ["LOGGING"])
        #expect(m.issues.isEmpty)
    }

    @Test("the representative settings module reads completely")
    func representative() {
        let m = read("""
        import os
        from pathlib import Path
        BASE_DIR = Path(__file__).resolve().parent.parent
        LOG_DIR = os.environ.get("SHOP_LOG_DIR", os.path.join(BASE_DIR, "logs"))
        DEBUG = os.getenv("DJANGO_DEBUG", "false").lower() == "true"
        LOGGING = {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"verbose": {"format": "{asctime} {levelname} {name} {request_id} {message}", "style": "{"}},
            "handlers": {
                "file": {"level": "INFO", "class": "logging.handlers.WatchedFileHandler", "filename": os.path.join(LOG_DIR, "app.log"), "formatter": "verbose"},
                "security": {"class": "logging.handlers.RotatingFileHandler", "filename": BASE_DIR / "logs" / "security.log", "maxBytes": 10 * 1024 * 1024, "backupCount": 5},
            },
            "loggers": {"django": {"handlers": ["file"], "level": "INFO"}},
        }
        LOGGING["handlers"]["splunk"] = {"class": "splunk_handler.SplunkHandler", "host": env("SPLUNK_HOST", default="splunk.example.com"), "token": os.environ["SPLUNK_TOKEN"]}
        LOGGING["loggers"]["django"]["handlers"].append("splunk")
        """)
        #expect(m.bindingOrder == ["BASE_DIR", "LOG_DIR", "DEBUG", "LOGGING"])
        #expect(m.bindings["BASE_DIR"] == PythonModule.Binding(value: s("/srv/shop"), line: 3))
        #expect(m.bindings["LOG_DIR"] == PythonModule.Binding(value: s("/srv/shop/logs"), line: 4))
        #expect(m.bindings["DEBUG"] == PythonModule.Binding(value: .bool(false), line: 5))
        let expected = dict(
            ("version", .int(1), 7),
            ("disable_existing_loggers", .bool(false), 8),
            ("formatters", dict(("verbose", dict(
                ("format", s("{asctime} {levelname} {name} {request_id} {message}"), 9),
                ("style", s("{"), 9)), 9)), 9),
            ("handlers", dict(
                ("file", dict(
                    ("level", s("INFO"), 11),
                    ("class", s("logging.handlers.WatchedFileHandler"), 11),
                    ("filename", s("/srv/shop/logs/app.log"), 11),
                    ("formatter", s("verbose"), 11)), 11),
                ("security", dict(
                    ("class", s("logging.handlers.RotatingFileHandler"), 12),
                    ("filename", s("/srv/shop/logs/security.log"), 12),
                    ("maxBytes", .int(10_485_760), 12),
                    ("backupCount", .int(5), 12)), 12),
                ("splunk", dict(
                    ("class", s("splunk_handler.SplunkHandler"), 16),
                    ("host", s("splunk.example.com"), 16),
                    ("token", .unresolved(#"os.environ["SPLUNK_TOKEN"]"#), 16)), 16)), 10),
            ("loggers", dict(("django", dict(
                ("handlers", list(s("file"), s("splunk")), 14),
                ("level", s("INFO"), 14)), 14)), 14))
        #expect(m.bindings["LOGGING"] == PythonModule.Binding(value: expected, line: 6))
        #expect(m.mutations.map(\.name) == ["LOGGING", "LOGGING"])
        #expect(m.mutations.map(\.line) == [16, 17])
        #expect(m.imports.map(\.module) == ["os", "pathlib"])
        #expect(m.imports.map(\.names) == [[], ["Path"]])
        #expect(m.starImports.isEmpty)
        #expect(m.issues.isEmpty)
    }
}

// MARK: - Hostile input

@Suite("Python reader on hostile input")
struct PythonReaderHostileInputTests {
    @Test("an unterminated string spoils only its own line")
    func unterminatedString() {
        let m = read("A = 1\nB = \"abc\nC = 3\n")
        #expect(m.bindings["A"]?.value == .int(1))
        #expect(m.bindings["B"] == nil)
        #expect(m.bindings["C"]?.value == .int(3))
        #expect(messages(m) == ["unterminated string literal"])
        #expect(issueLines(m) == [2])
    }

    @Test("an unterminated triple-quoted string ends the read")
    func unterminatedTripleQuote() {
        let m = read("A = 1\nB = \"\"\"abc\nC = 3\n")
        #expect(m.bindings.keys.sorted() == ["A"])
        #expect(messages(m) == ["unterminated triple-quoted string literal"])
        #expect(issueLines(m) == [2])
    }

    @Test("ten thousand open parentheses")
    func openParentheses() {
        let m = read(String(repeating: "(", count: 10_000))
        #expect(m.bindings.isEmpty)
        #expect(messages(m) == ["'(' was never closed"])
    }

    @Test("nesting beyond the limits is reported, not recursed into")
    func deepNesting() {
        let n = 10_000
        let cases = [
            "X = " + String(repeating: "[", count: n) + String(repeating: "]", count: n),
            "X = " + String(repeating: "-", count: n) + "1",
            "X = " + String(repeating: "not ", count: n) + "1",
            "X = " + String(repeating: "f(", count: n) + String(repeating: ")", count: n),
            "X = " + String(repeating: "{**", count: n) + "{}" + String(repeating: "}", count: n),
            "X = 2" + String(repeating: " ** 2", count: n),
            "X = " + String(repeating: "1 if 1 else ", count: n) + "1",
            "X = " + String(repeating: "lambda: ", count: n) + "1",
        ]
        for source in cases {
            let m = read(source + "\nY = 1\n")
            #expect(m.bindings["X"] == nil)
            #expect(m.bindings["Y"]?.value == .int(1))
            #expect(messages(m) == ["could not parse the value of X: expression nested too deeply (more than \(PyParser.maxNesting) levels)"])
        }
        for chain in ["1" + String(repeating: " + 1", count: 50_000), "a" + String(repeating: ".b", count: 50_000)] {
            let m = read("X = " + chain + "\n")
            #expect(m.bindings["X"] == nil)
            #expect(messages(m) == ["could not parse the value of X: expression too deeply nested (more than \(PyParser.maxNodeDepth) levels)"])
        }
    }

    @Test("nesting just within the limits still evaluates")
    func nestingWithinLimits() {
        let depth = PyParser.maxNesting - 1
        var expected = ConfigValue.list([])
        for _ in 1..<depth { expected = .list([expected]) }
        #expect(eval(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == expected)
        #expect(eval("1" + String(repeating: " + 1", count: PyParser.maxNodeDepth - 1)) == .int(PyParser.maxNodeDepth))
    }

    @Test("deep indentation is reported")
    func deepIndentation() {
        let source = (0..<60).map { String(repeating: " ", count: $0) + "if True:\n" }.joined()
            + String(repeating: " ", count: 60) + "X = 1\nY = 2\n"
        let m = read(source)
        #expect(messages(m).contains("too many levels of indentation"))
        #expect(m.bindings["X"] == nil)
        #expect(m.bindings["Y"]?.value == .int(2))
    }

    @Test("junk bytes never crash and produce a bounded number of issues")
    func junkBytes() {
        var state: UInt32 = 12345
        let bytes: [UInt8] = (0..<50_000).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        let m = read(String(decoding: bytes, as: UTF8.self))
        #expect(!m.issues.isEmpty)
        #expect(m.issues.count <= PythonTokenizer.maxErrors + 1)
    }

    @Test("control characters, replacement characters and stray brackets")
    func strayCharacters() {
        let m = read("A = 1\n\u{0}\u{1}B = 2\nC = 3 \u{FFFD}\nD = 4)\nE = (5]\nF = 6 \\ 7\nG = 7\n")
        #expect(m.bindings.keys.sorted() == ["A", "G"])
        #expect(messages(m) == [
            "unexpected character U+0000",
            "unexpected character U+FFFD",
            "unmatched ')'",
            "closing ']' does not match '(' opened at line 5",
            "unexpected character after line continuation character",
        ])
        #expect(issueLines(m) == [2, 3, 4, 5, 6])
    }

    @Test("inconsistent dedent and unexpected indent")
    func badIndentation() {
        let m = read("if True:\n    a = 1\n  b = 2\nC = 1\n    D = 2\nE = 3\n")
        #expect(messages(m) == ["unindent does not match any outer indentation level", "unexpected indent; indented block not evaluated"])
        #expect(issueLines(m) == [3, 5])
        #expect(m.bindings["C"]?.value == .int(1))
        #expect(m.bindings["D"] == nil)
        #expect(m.bindings["E"]?.value == .int(3))
    }

    @Test("values that share parts stay bounded")
    func sharedValues() {
        let doubling = "A = [1]\n" + String(repeating: "A = [A, A]\n", count: 60)
        let m = read(doubling)
        #expect(m.bindings["A"]?.value.weight() != nil)
        let strings = read("A = 'ab'\n" + String(repeating: "A = A + A\n", count: 100) + "B = 'x' * 10 ** 12\n")
        #expect(strings.bindings["A"]?.value.isUnresolved == true)
        #expect(strings.bindings["B"]?.value == .unresolved("'x' * 10 ** 12"))
        let selfNesting = read("A = {}\n" + String(repeating: "A['k'] = A\n", count: 60))
        #expect(selfNesting.bindings["A"]?.value.weight() != nil)
        #expect(messages(selfNesting).last == "mutation of A not applied: the value would become too large or too deeply nested")
    }

    @Test("empty and comment-only sources")
    func emptySources() {
        for source in ["", "\n\n", "# only a comment", "\u{FEFF}# BOM\n"] {
            let m = read(source)
            #expect(m.bindings.isEmpty)
            #expect(m.issues.isEmpty)
        }
    }
}
