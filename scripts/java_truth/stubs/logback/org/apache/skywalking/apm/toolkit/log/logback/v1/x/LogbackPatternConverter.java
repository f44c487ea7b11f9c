// Stand-in for SkyWalking's %tid converter.
package org.apache.skywalking.apm.toolkit.log.logback.v1.x;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

public class LogbackPatternConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return "TID: N/A";
    }
}
