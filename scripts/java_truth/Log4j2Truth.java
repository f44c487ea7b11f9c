// log4j2 2.19 half of the judge: ConfigurationFactory.getInstance().getConfiguration(ctx, source)
// (XML, JSON, YAML or properties, chosen by the library from the file's extension), started on a
// fresh LoggerContext, with a StatusListener collecting WARN/ERROR status data.
import java.io.File;
import java.io.FileInputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractOutputStreamAppender;
import org.apache.logging.log4j.core.appender.AsyncAppender;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.appender.MemoryMappedFileAppender;
import org.apache.logging.log4j.core.appender.RandomAccessFileAppender;
import org.apache.logging.log4j.core.appender.RollingFileAppender;
import org.apache.logging.log4j.core.appender.RollingRandomAccessFileAppender;
import org.apache.logging.log4j.core.appender.rolling.CompositeTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.CronTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.DefaultRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.DirectWriteRolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.OnStartupTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.RollingFileManager;
import org.apache.logging.log4j.core.appender.rolling.RolloverStrategy;
import org.apache.logging.log4j.core.appender.rolling.SizeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TimeBasedTriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.TriggeringPolicy;
import org.apache.logging.log4j.core.appender.rolling.action.Action;
import org.apache.logging.log4j.core.appender.rolling.action.DeleteAction;
import org.apache.logging.log4j.core.appender.rolling.action.IfLastModified;
import org.apache.logging.log4j.core.appender.rolling.action.PathCondition;
import org.apache.logging.log4j.core.appender.routing.Route;
import org.apache.logging.log4j.core.appender.routing.RoutingAppender;
import org.apache.logging.log4j.core.async.AsyncLoggerConfig;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.net.AbstractSocketManager;
import org.apache.logging.log4j.status.StatusData;
import org.apache.logging.log4j.status.StatusListener;
import org.apache.logging.log4j.status.StatusLogger;

final class Log4j2Truth {

    static void run(File file, Map<String, Object> out) throws Exception {
        final Thread main = Thread.currentThread();
        final boolean[] capturing = {true};
        final List<StatusData> captured = Collections.synchronizedList(new ArrayList<>());
        StatusListener listener = new StatusListener() {
            @Override
            public void log(StatusData data) {
                if (capturing[0] && Thread.currentThread() == main) captured.add(data);
            }

            @Override
            public Level getStatusLevel() {
                return Level.WARN;
            }

            @Override
            public void close() {
            }
        };
        StatusLogger.getLogger().registerListener(listener);

        LoggerContext ctx = new LoggerContext("javatruth", null, file.toURI());
        Configuration cfg = null;
        String fatal = null;
        try (FileInputStream in = new FileInputStream(file)) {
            ConfigurationSource source = new ConfigurationSource(in, file);
            cfg = ConfigurationFactory.getInstance().getConfiguration(ctx, source);
            if (cfg == null) {
                fatal = "no ConfigurationFactory accepted " + file.getName();
            } else {
                out.put("configuration", cfg.getClass().getName());
                ctx.start(cfg);
            }
        } catch (Exception | LinkageError e) {
            fatal = JavaTruth.describe("configuration aborted", e);
        }
        capturing[0] = false;

        JavaTruth.Statuses st = new JavaTruth.Statuses();
        List<StatusData> copy;
        synchronized (captured) {
            copy = new ArrayList<>(captured);
        }
        for (StatusData d : copy) {
            int level = d.getLevel().isMoreSpecificThan(Level.ERROR) ? 2 : d.getLevel().isMoreSpecificThan(Level.WARN) ? 1 : 0;
            st.add(level, d.getMessage() == null ? null : d.getMessage().getFormattedMessage(), d.getThrowable());
        }
        if (fatal != null) st.errors.add(fatal);
        st.putInto(out);
        if (cfg == null) {
            out.put("appenders", new ArrayList<>());
            out.put("loggers", new ArrayList<>());
            return;
        }

        // loggers
        Map<String, LoggerConfig> configs = new LinkedHashMap<>();
        LoggerConfig root = cfg.getRootLogger();
        if (root != null) configs.put("", root);
        for (Map.Entry<String, LoggerConfig> e : cfg.getLoggers().entrySet()) configs.putIfAbsent(e.getKey(), e.getValue());
        Set<String> attached = new LinkedHashSet<>();
        List<Map<String, Object>> loggers = new ArrayList<>();
        for (LoggerConfig lc : configs.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", lc.getName() == null || lc.getName().isEmpty() ? "ROOT" : lc.getName());
            m.put("level", lc.getExplicitLevel() == null ? null : lc.getExplicitLevel().name());
            m.put("additive", lc.isAdditive());
            m.put("async", lc instanceof AsyncLoggerConfig);
            List<String> names = new ArrayList<>(lc.getAppenders().keySet());
            attached.addAll(names);
            m.put("appenders", names);
            List<String> refs = new ArrayList<>();
            for (AppenderRef r : lc.getAppenderRefs()) refs.add(r.getRef());
            m.put("appenderRefs", refs);
            loggers.add(m);
        }

        // appenders
        List<Map<String, Object>> appenders = new ArrayList<>();
        Set<String> wrapped = new LinkedHashSet<>();
        for (Map.Entry<String, Appender> e : cfg.getAppenders().entrySet()) {
            Map<String, Object> m = describe(e.getKey(), e.getValue());
            @SuppressWarnings("unchecked")
            List<String> w = (List<String>) m.get("wraps");
            if (w != null) wrapped.addAll(w);
            appenders.add(m);
        }
        for (Map<String, Object> m : appenders) {
            String n = (String) m.get("name");
            m.put("attached", attached.contains(n) || wrapped.contains(n));
        }
        appenders.sort((x, y) -> ((String) x.get("name")).compareTo((String) y.get("name")));
        loggers.sort(JavaTruth::compareLoggers);
        out.put("appenders", appenders);
        out.put("loggers", loggers);
        try {
            ctx.stop();
        } catch (RuntimeException e) {
            // stopping is not part of the truth
        }
    }

    static Map<String, Object> describe(String name, Appender a) {
        Map<String, Object> m = JavaTruth.appenderRecord(name, a);
        m.put("started", a.isStarted());
        String cls = a.getClass().getName();
        if (a instanceof RollingFileAppender || a instanceof RollingRandomAccessFileAppender) {
            m.put("kind", "rolling");
            RollingFileManager mgr;
            TriggeringPolicy tp;
            if (a instanceof RollingFileAppender) {
                RollingFileAppender r = (RollingFileAppender) a;
                m.put("file", r.getFileName());
                m.put("filePattern", r.getFilePattern());
                mgr = r.getManager();
                tp = r.getTriggeringPolicy();
            } else {
                RollingRandomAccessFileAppender r = (RollingRandomAccessFileAppender) a;
                m.put("file", r.getFileName());
                m.put("filePattern", r.getFilePattern());
                mgr = r.getManager();
                tp = mgr == null ? null : mgr.getTriggeringPolicy();
            }
            List<String> policies = new ArrayList<>();
            collectPolicies(tp, policies, m);
            m.put("policies", policies);
            Set<String> kinds = new LinkedHashSet<>(policies);
            if (kinds.size() == 1) m.put("policy", policies.get(0));
            else if (kinds.equals(new LinkedHashSet<>(Arrays.asList("time", "size"))) || kinds.equals(new LinkedHashSet<>(Arrays.asList("size", "time")))) m.put("policy", "size-and-time");
            else if (!kinds.isEmpty()) m.put("policy", "composite");
            RolloverStrategy rs = mgr == null ? null : mgr.getRolloverStrategy();
            List<Action> actions = null;
            if (rs instanceof DefaultRolloverStrategy) {
                DefaultRolloverStrategy d = (DefaultRolloverStrategy) rs;
                m.put("rolloverMax", d.getMaxIndex());
                actions = d.getCustomActions();
            } else if (rs instanceof DirectWriteRolloverStrategy) {
                DirectWriteRolloverStrategy d = (DirectWriteRolloverStrategy) rs;
                m.put("rolloverMax", d.getMaxFiles());
                actions = d.getCustomActions();
            }
            if (actions != null) {
                for (Action act : actions) {
                    if (act instanceof DeleteAction) {
                        DeleteAction del = (DeleteAction) act;
                        if (m.get("deleteBasePath") == null) m.put("deleteBasePath", del.getBasePathString());
                        String age = findAge(del.getPathConditions(), 0);
                        if (age != null && m.get("deleteAge") == null) m.put("deleteAge", age);
                    }
                }
            }
        } else if (a instanceof FileAppender) {
            m.put("kind", "file");
            m.put("file", ((FileAppender) a).getFileName());
        } else if (a instanceof RandomAccessFileAppender) {
            m.put("kind", "file");
            m.put("file", ((RandomAccessFileAppender) a).getFileName());
        } else if (a instanceof MemoryMappedFileAppender) {
            m.put("kind", "file");
            m.put("file", ((MemoryMappedFileAppender) a).getFileName());
        } else if (a instanceof ConsoleAppender) {
            m.put("kind", "console");
        } else if (JavaTruth.isA(a, "org.apache.logging.log4j.core.appender.SocketAppender")) {
            // SyslogAppender extends SocketAppender
            m.put("kind", JavaTruth.isA(a, "org.apache.logging.log4j.core.appender.SyslogAppender") ? "syslog" : "socket");
            Object mgr = ((AbstractOutputStreamAppender<?>) a).getManager();
            if (mgr instanceof AbstractSocketManager) {
                AbstractSocketManager sm = (AbstractSocketManager) mgr;
                m.put("host", sm.getHost());
                m.put("port", sm.getPort());
                boolean ssl = JavaTruth.isA(sm, "org.apache.logging.log4j.core.net.SslSocketManager");
                boolean udp = JavaTruth.isA(sm, "org.apache.logging.log4j.core.net.DatagramSocketManager");
                m.put("protocol", ssl ? "SSL" : udp ? "UDP" : "TCP");
                m.put("tls", ssl);
            }
        } else if (cls.equals("org.apache.logging.log4j.core.appender.HttpAppender")) {
            m.put("kind", "http");
            Object mgr = JavaTruth.field(a, "manager");
            Object url = mgr == null ? null : JavaTruth.field(mgr, "url");
            if (url instanceof URL) {
                URL u = (URL) url;
                m.put("url", u.toString());
                m.put("host", u.getHost());
                m.put("port", u.getPort() >= 0 ? u.getPort() : u.getDefaultPort());
                m.put("protocol", u.getProtocol().toUpperCase());
                m.put("tls", "https".equalsIgnoreCase(u.getProtocol()));
            }
        } else if (cls.equals("org.apache.logging.log4j.core.appender.SmtpAppender")) {
            m.put("kind", "smtp");
            m.put("protocol", "SMTP");
        } else if (a instanceof AsyncAppender) {
            m.put("kind", "async");
            m.put("wraps", new ArrayList<>(Arrays.asList(((AsyncAppender) a).getAppenderRefStrings())));
        } else if (a instanceof RoutingAppender) {
            m.put("kind", "routing");
            List<String> wraps = new ArrayList<>();
            Object routes = JavaTruth.field(a, "routes");
            if (routes instanceof org.apache.logging.log4j.core.appender.routing.Routes) {
                for (Route r : ((org.apache.logging.log4j.core.appender.routing.Routes) routes).getRoutes()) {
                    if (r.getAppenderRef() != null) {
                        wraps.add(r.getAppenderRef());
                    } else if (r.getNode() != null) {
                        for (Node child : r.getNode().getChildren()) {
                            String n = child.getAttributes().get("name");
                            if (n != null) wraps.add(n);
                        }
                    }
                }
            }
            m.put("wraps", wraps);
        } else if (cls.equals("org.apache.logging.log4j.core.appender.NullAppender")) {
            m.put("kind", "null");
        }
        return m;
    }

    static void collectPolicies(TriggeringPolicy tp, List<String> out, Map<String, Object> m) {
        if (tp == null) return;
        if (tp instanceof CompositeTriggeringPolicy) {
            for (TriggeringPolicy p : ((CompositeTriggeringPolicy) tp).getTriggeringPolicies()) collectPolicies(p, out, m);
        } else if (tp instanceof TimeBasedTriggeringPolicy) {
            out.add("time");
        } else if (tp instanceof SizeBasedTriggeringPolicy) {
            out.add("size");
            m.put("maxFileSize", ((SizeBasedTriggeringPolicy) tp).getMaxFileSize());
        } else if (tp instanceof CronTriggeringPolicy) {
            out.add("cron");
        } else if (tp instanceof OnStartupTriggeringPolicy) {
            out.add("on-startup");
        } else {
            out.add(tp.getClass().getName());
        }
    }

    /** The age of the first IfLastModified among the conditions, nested ones included. */
    static String findAge(List<PathCondition> conditions, int depth) {
        if (conditions == null || depth > 8) return null;
        for (PathCondition c : conditions) {
            if (c instanceof IfLastModified) return JavaTruth.age(((IfLastModified) c).getAge().toMillis());
            List<PathCondition> nested = new ArrayList<>();
            for (String f : new String[] {"nestedConditions", "components", "deleteFilters", "negate"}) {
                Object v = JavaTruth.field(c, f);
                if (v instanceof PathCondition[]) nested.addAll(Arrays.asList((PathCondition[]) v));
                else if (v instanceof PathCondition) nested.add((PathCondition) v);
                else if (v instanceof List) for (Object o : (List<?>) v) if (o instanceof PathCondition) nested.add((PathCondition) o);
            }
            String age = findAge(nested, depth + 1);
            if (age != null) return age;
        }
        return null;
    }

    private Log4j2Truth() {}
}
