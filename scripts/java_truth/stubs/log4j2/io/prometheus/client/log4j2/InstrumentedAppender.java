// Stand-in for Prometheus simpleclient_log4j2's InstrumentedAppender: the log4j2 plugin
// "Prometheus" (counts events per level in the real library; does nothing here).
package io.prometheus.client.log4j2;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

@Plugin(name = "Prometheus", category = "Core", elementType = "appender")
public final class InstrumentedAppender extends AbstractAppender {
    private InstrumentedAppender(String name) {
        super(name, null, null, true, Property.EMPTY_ARRAY);
    }

    @PluginFactory
    public static InstrumentedAppender createAppender(@PluginAttribute("name") String name) {
        if (name == null) {
            LOGGER.error("No name provided for InstrumentedAppender");
            return null;
        }
        return new InstrumentedAppender(name);
    }

    @Override
    public void append(LogEvent event) {
    }
}
