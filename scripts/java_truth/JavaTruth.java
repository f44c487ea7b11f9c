// The judge for auditpack's logback / log4j2 readers: loads ONE configuration file with the
// library's own configurator (logback 1.2 JoranConfigurator, log4j2 2.19 ConfigurationFactory)
// and prints, as one JSON object on stdout, what the library built: its appenders (with their
// files, rolling policies, Delete actions, network targets, wrapped appenders), its loggers, and
// the status messages it emitted while configuring (errors, warnings, connection errors).
//
//   java -cp <classpath> JavaTruth --library logback|log4j2 --file PATH [--label NAME] [--slug SLUG]
//
// Normally started by scripts/java_truth/run, which builds the classpath, sets the system
// properties from Tests/Fixtures/realworld-java/SOURCES.tsv and runs it in a sandbox.
// System properties read here:
//   javatruth.tmp    a directory whose absolute path is replaced by "$TMP" in the output
//   javatruth.props  comma-separated keys of properties also put on the logback LoggerContext
//
// Only status messages emitted on the configuring thread while the configuration is loaded are
// reported (background reconnect threads are ignored), so the output does not depend on timing.
// An ERROR status is a "connection" error, not a configuration error, when its exception chain
// holds a java.net socket/lookup exception (UnknownHostException, ConnectException,
// NoRouteToHostException, SocketTimeoutException, PortUnreachableException, SocketException),
// or its text is one the libraries use for an unresolvable host; see isConnection().
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class JavaTruth {

    /** Status messages sorted into the three buckets of the output. */
    static final class Statuses {
        final List<String> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> connection = new ArrayList<>();

        /** level: 2 = ERROR (or worse), 1 = WARN; anything lower is ignored. */
        void add(int level, String message, Throwable t) {
            if (level < 1) return;
            String text = describe(message, t);
            if (level >= 2) {
                if (isConnection(message, t)) connection.add(text);
                else errors.add(text);
            } else {
                warnings.add(text);
            }
        }

        void putInto(Map<String, Object> out) {
            out.put("errors", errors);
            out.put("warnings", warnings);
            out.put("connectionErrors", connection);
        }
    }

    static String describe(String message, Throwable t) {
        StringBuilder sb = new StringBuilder(message == null ? "" : message.trim());
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        String sep = " [";
        for (Throwable c = t; c != null && !seen.containsKey(c); c = c.getCause()) {
            seen.put(c, true);
            sb.append(sep).append(c.getClass().getName());
            if (c.getMessage() != null) sb.append(": ").append(c.getMessage().trim());
            sep = "; caused by ";
        }
        if (t != null) sb.append(']');
        return sb.toString();
    }

    static final String[] NETWORK_EXCEPTIONS = {
        "java.net.UnknownHostException", "java.net.ConnectException", "java.net.NoRouteToHostException",
        "java.net.SocketTimeoutException", "java.net.PortUnreachableException", "java.net.SocketException",
    };

    /**
     * Messages the libraries emit for a failed name lookup without attaching the exception:
     * logback's socket appenders ("unknown host: NAME") and log4j2's @ValidHost check, which
     * rejects a Socket/Syslog appender whose host does not resolve.
     */
    static final java.util.regex.Pattern NETWORK_MESSAGES = java.util.regex.Pattern.compile(
        "^unknown host: .*|.*field 'host' has invalid value '.*'.*", java.util.regex.Pattern.DOTALL);

    /** A status caused by the network (name lookup, connect), not by the configuration text. */
    static boolean isConnection(String message, Throwable t) {
        if (message != null && NETWORK_MESSAGES.matcher(message.trim()).matches()) return true;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && NETWORK_MESSAGES.matcher(c.getMessage().trim()).matches()) return true;
            if (c.getCause() == c) break;
        }
        IdentityHashMap<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && !seen.containsKey(c); c = c.getCause()) {
            seen.put(c, true);
            for (Class<?> k = c.getClass(); k != null; k = k.getSuperclass()) {
                for (String n : NETWORK_EXCEPTIONS) if (n.equals(k.getName())) return true;
            }
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        String file = null, library = null, label = null, slug = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--file": file = args[++i]; break;
                case "--library": library = args[++i]; break;
                case "--label": label = args[++i]; break;
                case "--slug": slug = args[++i]; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (file == null || library == null) {
            System.err.println("usage: JavaTruth --library logback|log4j2 --file PATH [--label NAME] [--slug SLUG]");
            System.exit(2);
        }
        // Whatever the libraries print (debug="true", status="debug", console appenders) goes to
        // stderr; stdout carries only the JSON.
        PrintStream realOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8"));

        Map<String, Object> result = new LinkedHashMap<>();
        if (slug != null) result.put("slug", slug);
        result.put("file", label != null ? label : file);
        result.put("library", library);
        try {
            if ("logback".equals(library)) {
                LogbackTruth.run(new java.io.File(file), result);
            } else if ("log4j2".equals(library)) {
                Log4j2Truth.run(new java.io.File(file), result);
            } else {
                throw new IllegalArgumentException("library must be logback or log4j2, not " + library);
            }
        } catch (Throwable t) {
            result.put("crash", describe("the judge failed", t));
        }
        String tmp = System.getProperty("javatruth.tmp");
        Object normalized = tmp == null || tmp.isEmpty() ? result : replaceTmp(result, tmp);
        realOut.println(Json.write(normalized));
        realOut.flush();
        // Appenders may have started threads (reconnectors, scan tasks, disruptors): do not wait.
        Runtime.getRuntime().halt(0);
    }

    @SuppressWarnings("unchecked")
    static Object replaceTmp(Object o, String tmp) {
        if (o instanceof String) return ((String) o).replace(tmp, "$TMP");
        if (o instanceof Map) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) m.put(e.getKey(), replaceTmp(e.getValue(), tmp));
            return m;
        }
        if (o instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object x : (List<Object>) o) l.add(replaceTmp(x, tmp));
            return l;
        }
        return o;
    }

    /** A small JSON writer: Map, List, String, Number, Boolean, null. */
    static final class Json {
        static String write(Object o) {
            StringBuilder sb = new StringBuilder();
            write(sb, o);
            return sb.toString();
        }

        @SuppressWarnings("unchecked")
        static void write(StringBuilder sb, Object o) {
            if (o == null) {
                sb.append("null");
            } else if (o instanceof String) {
                string(sb, (String) o);
            } else if (o instanceof Boolean || o instanceof Integer || o instanceof Long) {
                sb.append(o);
            } else if (o instanceof Number) {
                sb.append(((Number) o).toString());
            } else if (o instanceof Map) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : ((Map<String, Object>) o).entrySet()) {
                    if (!first) sb.append(',');
                    first = false;
                    string(sb, e.getKey());
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            } else if (o instanceof List) {
                sb.append('[');
                boolean first = true;
                for (Object x : (List<Object>) o) {
                    if (!first) sb.append(',');
                    first = false;
                    write(sb, x);
                }
                sb.append(']');
            } else {
                string(sb, String.valueOf(o));
            }
        }

        static void string(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': sb.append("\\\""); break;
                    case '\\': sb.append("\\\\"); break;
                    case '\n': sb.append("\\n"); break;
                    case '\r': sb.append("\\r"); break;
                    case '\t': sb.append("\\t"); break;
                    default:
                        if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                        else sb.append(c);
                }
            }
            sb.append('"');
        }
    }

    // ---- helpers shared by both libraries ----

    /** The appender record with every key of the output schema, all null. */
    static Map<String, Object> appenderRecord(String name, Object appender) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("class", appender == null ? null : appender.getClass().getName());
        m.put("kind", "other");
        m.put("started", null);
        m.put("attached", null);
        m.put("file", null);
        m.put("filePattern", null);
        m.put("policy", null);
        m.put("policies", null);
        m.put("maxHistory", null);
        m.put("totalSizeCap", null);
        m.put("maxFileSize", null);
        m.put("deleteAge", null);
        m.put("deleteBasePath", null);
        m.put("rolloverMax", null);
        m.put("host", null);
        m.put("port", null);
        m.put("tls", null);
        m.put("protocol", null);
        m.put("url", null);
        m.put("wraps", null);
        return m;
    }

    static Object field(Object target, String name) {
        for (Class<?> k = target.getClass(); k != null; k = k.getSuperclass()) {
            try {
                java.lang.reflect.Field f = k.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // try the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    static boolean isA(Object o, String className) {
        if (o == null) return false;
        for (Class<?> k = o.getClass(); k != null; k = k.getSuperclass()) {
            if (k.getName().equals(className)) return true;
        }
        return false;
    }

    /** Loggers by name, ROOT first. */
    static int compareLoggers(Map<String, Object> x, Map<String, Object> y) {
        String a = (String) x.get("name"), b = (String) y.get("name");
        if (a.equals(b)) return 0;
        if ("ROOT".equals(a)) return -1;
        if ("ROOT".equals(b)) return 1;
        return a.compareTo(b);
    }

    /** Milliseconds as the largest whole unit: 30d, 12h, 90m, 45s, 500ms. */
    static String age(long millis) {
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) return (millis / units[i]) + names[i];
        }
        return millis + "ms";
    }

    private JavaTruth() {}
}
