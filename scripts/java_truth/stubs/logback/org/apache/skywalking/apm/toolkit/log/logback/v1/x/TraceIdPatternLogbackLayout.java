// Stand-in for SkyWalking's apm-toolkit-logback-1.x TraceIdPatternLogbackLayout: a PatternLayout
// that, like the real one, registers the %tid and %sw_ctx conversion words.
package org.apache.skywalking.apm.toolkit.log.logback.v1.x;

import ch.qos.logback.classic.PatternLayout;

public class TraceIdPatternLogbackLayout extends PatternLayout {
    static {
        defaultConverterMap.put("tid", LogbackPatternConverter.class.getName());
        defaultConverterMap.put("sw_ctx", LogbackPatternConverter.class.getName());
    }
}
