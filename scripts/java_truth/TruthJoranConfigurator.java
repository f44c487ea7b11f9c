// logback 1.2's JoranConfigurator, optionally with the two rules Spring Boot 2.x's
// SpringBootJoranConfigurator adds for logback-spring.xml:
//   configuration/springProperty  -> SpringPropertyAction
//   */springProfile               -> SpringProfileAction   (*/springProfile/* -> NOPAction)
// The actions below follow Spring Boot 2.7's org.springframework.boot.logging.logback
// SpringPropertyAction / SpringProfileAction; Spring's Environment is emulated by
// SpringEnvironment (system properties, then relaxed environment variables; active profiles
// from spring.profiles.active, else spring.profiles.default, else "default").
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.action.Action;
import ch.qos.logback.core.joran.action.ActionUtil;
import ch.qos.logback.core.joran.action.NOPAction;
import ch.qos.logback.core.joran.event.InPlayListener;
import ch.qos.logback.core.joran.event.SaxEvent;
import ch.qos.logback.core.joran.spi.ActionException;
import ch.qos.logback.core.joran.spi.ElementSelector;
import ch.qos.logback.core.joran.spi.InterpretationContext;
import ch.qos.logback.core.joran.spi.Interpreter;
import ch.qos.logback.core.joran.spi.RuleStore;
import ch.qos.logback.core.util.OptionHelper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xml.sax.Attributes;

public class TruthJoranConfigurator extends JoranConfigurator {
    private final boolean spring;

    public TruthJoranConfigurator(boolean spring) {
        this.spring = spring;
    }

    @Override
    public void addInstanceRules(RuleStore rs) {
        super.addInstanceRules(rs);
        if (spring) {
            rs.addRule(new ElementSelector("configuration/springProperty"), new SpringPropertyAction());
            rs.addRule(new ElementSelector("*/springProfile"), new SpringProfileAction());
            rs.addRule(new ElementSelector("*/springProfile/*"), new NOPAction());
        }
    }

    /** The appenders Joran created, referenced or not (logback keeps them in APPENDER_BAG). */
    @SuppressWarnings("unchecked")
    public Map<String, ch.qos.logback.core.Appender<?>> appenderBag() {
        if (interpreter == null) return null;
        Object bag = interpreter.getInterpretationContext().getObjectMap().get("APPENDER_BAG");
        return bag instanceof Map ? (Map<String, ch.qos.logback.core.Appender<?>>) bag : null;
    }

    /** Spring's Environment as far as logback-spring.xml can see it. */
    static final class SpringEnvironment {
        static String getProperty(String key) {
            String v = System.getProperty(key);
            if (v != null) return v;
            // SystemEnvironmentPropertySource: the name as is, '.'/'-' as '_', then upper case.
            String underscored = key.replace('.', '_').replace('-', '_');
            for (String candidate : new String[] {key, underscored, key.toUpperCase(), underscored.toUpperCase()}) {
                v = System.getenv(candidate);
                if (v != null) return v;
            }
            return null;
        }

        static Set<String> profiles(String key) {
            Set<String> out = new LinkedHashSet<>();
            String v = getProperty(key);
            if (v != null) {
                for (String p : v.split(",")) if (!p.trim().isEmpty()) out.add(p.trim());
            }
            return out;
        }

        static boolean isProfileActive(String profile) {
            Set<String> active = profiles("spring.profiles.active");
            if (active.contains(profile)) return true;
            if (!active.isEmpty()) return false;
            Set<String> defaults = profiles("spring.profiles.default");
            if (defaults.isEmpty()) defaults.add("default");
            return defaults.contains(profile);
        }

        /** Spring's Profiles.of(expressions).matches(isProfileActive): any expression matches. */
        static boolean acceptsProfiles(String[] expressions) {
            for (String e : expressions) {
                if (new ProfileExpression(e).parse()) return true;
            }
            return false;
        }
    }

    /** Spring's profile expressions: names, !, &, |, parentheses. */
    static final class ProfileExpression {
        private final List<String> tokens = new ArrayList<>();
        private int pos;

        ProfileExpression(String text) {
            StringBuilder cur = new StringBuilder();
            for (char c : text.toCharArray()) {
                if ("()&|!".indexOf(c) >= 0 || Character.isWhitespace(c)) {
                    if (cur.length() > 0) { tokens.add(cur.toString()); cur.setLength(0); }
                    if (!Character.isWhitespace(c)) tokens.add(String.valueOf(c));
                } else {
                    cur.append(c);
                }
            }
            if (cur.length() > 0) tokens.add(cur.toString());
        }

        boolean parse() {
            boolean v = expr();
            if (pos != tokens.size()) throw new IllegalArgumentException("Malformed profile expression " + tokens);
            return v;
        }

        private boolean expr() {
            boolean v = term();
            String op = null;
            while (pos < tokens.size() && ("&".equals(tokens.get(pos)) || "|".equals(tokens.get(pos)))) {
                String o = tokens.get(pos++);
                if (op != null && !op.equals(o)) throw new IllegalArgumentException("Malformed profile expression: mixed & and | without parentheses");
                op = o;
                boolean r = term();
                v = "&".equals(o) ? (v && r) : (v || r);
            }
            return v;
        }

        private boolean term() {
            if (pos >= tokens.size()) throw new IllegalArgumentException("Malformed profile expression");
            String t = tokens.get(pos++);
            if ("!".equals(t)) return !term();
            if ("(".equals(t)) {
                boolean v = expr();
                if (pos >= tokens.size() || !")".equals(tokens.get(pos++))) throw new IllegalArgumentException("Malformed profile expression: missing )");
                return v;
            }
            if ("&".equals(t) || "|".equals(t) || ")".equals(t)) throw new IllegalArgumentException("Malformed profile expression");
            return SpringEnvironment.isProfileActive(t);
        }
    }

    /** Spring Boot 2.x SpringPropertyAction. */
    static final class SpringPropertyAction extends Action {
        @Override
        public void begin(InterpretationContext ic, String elementName, Attributes attributes) throws ActionException {
            String name = attributes.getValue("name");
            String source = attributes.getValue("source");
            ActionUtil.Scope scope = ActionUtil.stringToScope(attributes.getValue("scope"));
            String defaultValue = attributes.getValue("defaultValue");
            if (OptionHelper.isEmpty(name) || OptionHelper.isEmpty(source)) {
                addError("The \"name\" and \"source\" attributes of <springProperty> must be set");
            }
            String value = source == null ? null : SpringEnvironment.getProperty(source);
            ActionUtil.setProperty(ic, name, value != null ? value : defaultValue, scope);
        }

        @Override
        public void end(InterpretationContext ic, String name) {
        }
    }

    /** Spring Boot 2.x SpringProfileAction: records the nested events, replays them if active. */
    static final class SpringProfileAction extends Action implements InPlayListener {
        private int depth = 0;
        private boolean acceptsProfile;
        private List<SaxEvent> events;

        @Override
        public void begin(InterpretationContext ic, String name, Attributes attributes) throws ActionException {
            depth++;
            if (depth != 1) return;
            ic.pushObject(this);
            acceptsProfile = acceptsProfiles(ic, attributes);
            events = new ArrayList<>();
            ic.addInPlayListener(this);
        }

        private boolean acceptsProfiles(InterpretationContext ic, Attributes attributes) {
            String value = attributes.getValue("name");
            if (value == null) return false;
            List<String> names = new ArrayList<>();
            for (String s : value.split(",")) if (!s.trim().isEmpty()) names.add(s.trim());
            if (names.isEmpty()) return false;
            String[] profileNames = new String[names.size()];
            for (int i = 0; i < profileNames.length; i++) {
                profileNames[i] = OptionHelper.substVars(names.get(i), ic, context);
            }
            return SpringEnvironment.acceptsProfiles(profileNames);
        }

        @Override
        public void end(InterpretationContext ic, String name) throws ActionException {
            depth--;
            if (depth != 0) return;
            ic.removeInPlayListener(this);
            Object o = ic.peekObject();
            if (o != this) throw new IllegalStateException("logback stack error: ProfileAction different than current one on stack");
            ic.popObject();
            if (acceptsProfile) {
                Interpreter interpreter = ic.getJoranInterpreter();
                events.remove(0);
                events.remove(events.size() - 1);
                interpreter.getEventPlayer().addEventsDynamically(events, 1);
            }
        }

        @Override
        public void inPlay(SaxEvent event) {
            events.add(event);
        }
    }
}
