// logback 1.2 half of the judge: JoranConfigurator (TruthJoranConfigurator, with Spring Boot's
// springProperty/springProfile rules for *-spring.xml files) on a fresh LoggerContext.
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.joran.event.SaxEvent;
import ch.qos.logback.core.joran.event.StartEvent;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.net.AbstractSocketAppender;
import ch.qos.logback.core.net.SMTPAppenderBase;
import ch.qos.logback.core.net.SyslogAppenderBase;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.RollingPolicy;
import ch.qos.logback.core.rolling.RollingPolicyBase;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.rolling.TimeBasedRollingPolicy;
import ch.qos.logback.core.rolling.TriggeringPolicy;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.util.FileSize;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class LogbackTruth {

    static void run(File file, Map<String, Object> out) {
        janinoCompat();
        LoggerContext ctx = new LoggerContext();
        String keys = System.getProperty("javatruth.props", "");
        for (String k : keys.split(",")) {
            if (!k.isEmpty() && System.getProperty(k) != null) ctx.putProperty(k, System.getProperty(k));
        }

        final Thread main = Thread.currentThread();
        final boolean[] capturing = {true};
        final List<Status> captured = Collections.synchronizedList(new ArrayList<>());
        ctx.getStatusManager().add(new StatusListener() {
            @Override
            public void addStatusEvent(Status status) {
                if (capturing[0] && Thread.currentThread() == main) captured.add(status);
            }
        });

        String base = file.getName();
        boolean spring = base.endsWith("-spring.xml");
        out.put("configurator", spring ? "JoranConfigurator+SpringBootRules" : "JoranConfigurator");
        TruthJoranConfigurator jc = new TruthJoranConfigurator(spring);
        jc.setContext(ctx);
        String fatal = null;
        try {
            jc.doConfigure(file);
        } catch (JoranException e) {
            fatal = JavaTruth.describe("JoranException", e);
        } catch (RuntimeException e) {
            fatal = JavaTruth.describe("configuration aborted", e);
        }
        capturing[0] = false;

        JavaTruth.Statuses st = new JavaTruth.Statuses();
        List<Status> copy;
        synchronized (captured) {
            copy = new ArrayList<>(captured);
        }
        for (Status s : copy) addStatus(st, s, 0);
        if (fatal != null) st.errors.add(fatal);
        st.putInto(out);

        // Appenders: every appender Joran built (APPENDER_BAG), plus any reachable only from loggers.
        Map<String, Appender<?>> all = new LinkedHashMap<>();
        Map<String, Appender<?>> bag = jc.appenderBag();
        if (bag != null) all.putAll(bag);
        Set<String> attached = new LinkedHashSet<>();
        List<Map<String, Object>> loggers = new ArrayList<>();
        for (Logger l : ctx.getLoggerList()) {
            List<String> names = new ArrayList<>();
            for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = l.iteratorForAppenders(); it.hasNext();) {
                Appender<?> a = it.next();
                names.add(a.getName());
                attached.add(a.getName());
                all.putIfAbsent(a.getName(), a);
            }
            boolean root = Logger.ROOT_LOGGER_NAME.equals(l.getName());
            if (!root && l.getLevel() == null && names.isEmpty() && l.isAdditive()) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", l.getName());
            m.put("level", l.getLevel() == null ? null : l.getLevel().toString());
            m.put("additive", l.isAdditive());
            m.put("async", false);
            m.put("appenders", names);
            loggers.add(m);
        }
        // nested appenders of async wrappers
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Appender<?> a : new ArrayList<>(all.values())) {
                if (a instanceof AppenderAttachable) {
                    for (Iterator<?> it = ((AppenderAttachable<?>) a).iteratorForAppenders(); it.hasNext();) {
                        Appender<?> n = (Appender<?>) it.next();
                        if (all.putIfAbsent(n.getName(), n) == null) grew = true;
                    }
                }
            }
        }
        Set<String> wrapped = new LinkedHashSet<>();
        List<Map<String, Object>> appenders = new ArrayList<>();
        for (Map.Entry<String, Appender<?>> e : all.entrySet()) {
            Map<String, Object> m = describe(e.getKey(), e.getValue());
            @SuppressWarnings("unchecked")
            List<String> w = (List<String>) m.get("wraps");
            if (w != null && m.get("kind").equals("async")) wrapped.addAll(w);
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
            // stopping is not part of the truth (a SiftingAppender without discriminator throws here)
        }
    }

    /**
     * Debian's janino 2.7.0 rejects the class logback 1.2 generates for an <if condition="...">
     * ("Missing @Override" on evaluate(), which implements Condition). Janino 3.x, the version
     * logback 1.2 is used with, accepts it. So the judge prefixes logback's generated method with
     * "@Override" (PropertyEvalScriptBuilder.SCRIPT_PREFIX is a non-final static); the condition
     * text itself is compiled unchanged.
     */
    static void janinoCompat() {
        try {
            java.lang.reflect.Field f = Class.forName("ch.qos.logback.core.joran.conditional.PropertyEvalScriptBuilder")
                    .getDeclaredField("SCRIPT_PREFIX");
            f.setAccessible(true);
            String prefix = (String) f.get(null);
            if (prefix != null && !prefix.startsWith("@Override")) f.set(null, "@Override " + prefix);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // janino missing or another logback: leave logback as it is
        }
    }

    static void addStatus(JavaTruth.Statuses st, Status s, int depth) {
        // each status is judged by its own level (a parent's effective level includes its children)
        int level = s.getLevel() >= Status.ERROR ? 2 : s.getLevel() >= Status.WARN ? 1 : 0;
        st.add(level, s.getMessage(), s.getThrowable());
        if (s.hasChildren() && depth < 8) {
            for (Iterator<Status> it = s.iterator(); it.hasNext();) addStatus(st, it.next(), depth + 1);
        }
    }

    static Map<String, Object> describe(String name, Appender<?> a) {
        Map<String, Object> m = JavaTruth.appenderRecord(name, a);
        m.put("started", a.isStarted());
        String cls = a.getClass().getName();
        if (a instanceof RollingFileAppender) {
            RollingFileAppender<?> r = (RollingFileAppender<?>) a;
            m.put("kind", "rolling");
            m.put("file", r.rawFileProperty());
            RollingPolicy rp = r.getRollingPolicy();
            TriggeringPolicy<?> tp = r.getTriggeringPolicy();
            if (rp instanceof RollingPolicyBase) m.put("filePattern", ((RollingPolicyBase) rp).getFileNamePattern());
            List<String> policies = new ArrayList<>();
            if (rp instanceof SizeAndTimeBasedRollingPolicy) {
                SizeAndTimeBasedRollingPolicy<?> p = (SizeAndTimeBasedRollingPolicy<?>) rp;
                m.put("policy", "size-and-time");
                policies.add("size-and-time");
                m.put("maxHistory", p.getMaxHistory());
                m.put("totalSizeCap", bytes(JavaTruth.field(p, "totalSizeCap")));
                m.put("maxFileSize", bytes(JavaTruth.field(p, "maxFileSize")));
            } else if (rp instanceof TimeBasedRollingPolicy) {
                TimeBasedRollingPolicy<?> p = (TimeBasedRollingPolicy<?>) rp;
                Object fnatp = p.getTimeBasedFileNamingAndTriggeringPolicy();
                boolean sizeToo = fnatp != null && fnatp.getClass().getName().endsWith("SizeAndTimeBasedFNATP");
                m.put("policy", sizeToo ? "size-and-time" : "time");
                policies.add(sizeToo ? "size-and-time" : "time");
                m.put("maxHistory", p.getMaxHistory());
                m.put("totalSizeCap", bytes(JavaTruth.field(p, "totalSizeCap")));
                if (sizeToo) m.put("maxFileSize", bytes(JavaTruth.field(fnatp, "maxFileSize")));
            } else if (rp instanceof FixedWindowRollingPolicy) {
                FixedWindowRollingPolicy p = (FixedWindowRollingPolicy) rp;
                m.put("policy", "fixed-window");
                policies.add("fixed-window");
                m.put("rolloverMax", p.getMaxIndex());
            } else if (rp != null) {
                m.put("policy", rp.getClass().getName());
                policies.add(rp.getClass().getName());
            }
            if (tp instanceof SizeBasedTriggeringPolicy) {
                policies.add("size");
                if (m.get("maxFileSize") == null) m.put("maxFileSize", bytes(JavaTruth.field(tp, "maxFileSize")));
            } else if (tp != null && tp != rp) {
                policies.add(tp.getClass().getName());
            }
            m.put("policies", policies);
        } else if (a instanceof FileAppender) {
            m.put("kind", "file");
            m.put("file", ((FileAppender<?>) a).rawFileProperty());
        } else if (a instanceof ConsoleAppender) {
            m.put("kind", "console");
        } else if (a instanceof SyslogAppenderBase) {
            SyslogAppenderBase<?> s = (SyslogAppenderBase<?>) a;
            m.put("kind", "syslog");
            m.put("host", s.getSyslogHost());
            m.put("port", s.getPort());
            m.put("protocol", "UDP");
            m.put("tls", false);
        } else if (a instanceof AbstractSocketAppender) {
            AbstractSocketAppender<?> s = (AbstractSocketAppender<?>) a;
            m.put("kind", "socket");
            m.put("host", s.getRemoteHost());
            m.put("port", s.getPort());
            m.put("protocol", "TCP");
            m.put("tls", JavaTruth.isA(a, "ch.qos.logback.classic.net.SSLSocketAppender")
                    || JavaTruth.field(a, "ssl") != null);
        } else if (a instanceof SMTPAppenderBase) {
            SMTPAppenderBase<?> s = (SMTPAppenderBase<?>) a;
            m.put("kind", "smtp");
            m.put("host", s.getSMTPHost());
            m.put("port", s.getSMTPPort());
            m.put("protocol", "SMTP");
            m.put("tls", s.isSTARTTLS() || s.isSSL());
        } else if (a instanceof AsyncAppenderBase) {
            m.put("kind", "async");
            List<String> wraps = new ArrayList<>();
            for (Iterator<?> it = ((AsyncAppenderBase<?>) a).iteratorForAppenders(); it.hasNext();) {
                wraps.add(((Appender<?>) it.next()).getName());
            }
            m.put("wraps", wraps);
        } else if (JavaTruth.isA(a, "ch.qos.logback.core.sift.SiftingAppenderBase")) {
            m.put("kind", "sifting");
            m.put("wraps", siftedAppenderNames(a));
        } else if (cls.startsWith("net.logstash.logback.appender.")) {
            m.put("kind", "logstash");
            Object dest = JavaTruth.field(a, "destinations");
            if (dest instanceof List && !((List<?>) dest).isEmpty()) {
                String d = String.valueOf(((List<?>) dest).get(0));
                int colon = d.lastIndexOf(':');
                m.put("host", colon > 0 ? d.substring(0, colon) : d);
                if (colon > 0) {
                    try {
                        m.put("port", Integer.parseInt(d.substring(colon + 1).trim()));
                    } catch (NumberFormatException e) {
                        m.put("port", null);
                    }
                }
            }
            m.put("protocol", cls.contains("Udp") ? "UDP" : "TCP");
            m.put("tls", JavaTruth.field(a, "ssl") != null);
        } else if (cls.equals("ch.qos.logback.core.helpers.NOPAppender")) {
            m.put("kind", "null");
        }
        return m;
    }

    static Long bytes(Object fileSize) {
        return fileSize instanceof FileSize ? ((FileSize) fileSize).getSize() : null;
    }

    /** The names of the appender templates inside <sift> (built lazily, per discriminator value). */
    static List<String> siftedAppenderNames(Appender<?> sifting) {
        List<String> names = new ArrayList<>();
        Object factory = JavaTruth.field(sifting, "appenderFactory");
        if (factory == null) return names;
        Object events = JavaTruth.field(factory, "eventList");
        if (!(events instanceof List)) return names;
        int depth = 0;
        for (Object o : (List<?>) events) {
            if (o instanceof StartEvent) {
                StartEvent se = (StartEvent) o;
                String q = se.getQName() != null && !se.getQName().isEmpty() ? se.getQName() : se.getLocalName();
                if ("appender".equalsIgnoreCase(q) && depth == 0) names.add(se.getAttributes().getValue("name"));
                if ("appender".equalsIgnoreCase(q)) depth++;
            } else if (o instanceof SaxEvent && o.getClass().getSimpleName().equals("EndEvent")) {
                SaxEvent ee = (SaxEvent) o;
                String q = ee.getQName() != null && !ee.getQName().isEmpty() ? ee.getQName() : ee.getLocalName();
                if ("appender".equalsIgnoreCase(q)) depth--;
            }
        }
        return names;
    }

    private LogbackTruth() {}
}
