// Stand-in for SkyWalking's GRPCLogClientAppender (hands events to the SkyWalking agent); never sends.
package org.apache.skywalking.apm.toolkit.log.logback.v1.x.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;

public class GRPCLogClientAppender extends AppenderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> encoder;

    public Encoder<ILoggingEvent> getEncoder() { return encoder; }
    public void setEncoder(Encoder<ILoggingEvent> encoder) { this.encoder = encoder; }

    @Override
    protected void append(ILoggingEvent event) {
    }
}
