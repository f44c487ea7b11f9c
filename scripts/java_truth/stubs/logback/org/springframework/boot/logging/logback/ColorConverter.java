// Stand-in for Spring Boot's ColorConverter (%clr): the javatruth judge only needs the class to
// exist and accept its options (faint, red, ...); it never formats events.
package org.springframework.boot.logging.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

public class ColorConverter extends CompositeConverter<ILoggingEvent> {
    @Override
    protected String transform(ILoggingEvent event, String in) {
        return in;
    }
}
