// Stand-in for logstash-logback-encoder's LogstashTcpSocketAppender (Apache-2.0 library, not
// shipped by Debian). It accepts the same configuration properties as the real appender's common
// setters and checks what the real start() checks (a destination and an encoder), but it never
// opens a connection: the judge reports its destinations and its <ssl> (TLS) settings.
package net.logstash.logback.appender;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.net.ssl.SSLConfiguration;
import ch.qos.logback.core.util.Duration;
import java.util.ArrayList;
import java.util.List;

public class LogstashTcpSocketAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final List<String> destinations = new ArrayList<>();
    private Encoder<ILoggingEvent> encoder;
    private SSLConfiguration ssl;
    private Duration keepAliveDuration;
    private Duration reconnectionDelay;
    private Duration connectionTimeout;
    private Duration writeTimeout;
    private String keepAliveMessage;
    private int writeBufferSize;
    private int ringBufferSize;
    private boolean includeCallerData;

    /** Like the real appender: each element may hold several comma-separated host:port values. */
    public void addDestination(String destination) {
        for (String d : destination.split(",")) {
            if (!d.trim().isEmpty()) destinations.add(d.trim());
        }
    }

    public List<String> getDestinations() { return destinations; }
    public Encoder<ILoggingEvent> getEncoder() { return encoder; }
    public void setEncoder(Encoder<ILoggingEvent> encoder) { this.encoder = encoder; }
    public SSLConfiguration getSsl() { return ssl; }
    public void setSsl(SSLConfiguration ssl) { this.ssl = ssl; }
    public void setKeepAliveDuration(Duration d) { this.keepAliveDuration = d; }
    public void setReconnectionDelay(Duration d) { this.reconnectionDelay = d; }
    public void setConnectionTimeout(Duration d) { this.connectionTimeout = d; }
    public void setWriteTimeout(Duration d) { this.writeTimeout = d; }
    public void setKeepAliveMessage(String m) { this.keepAliveMessage = m; }
    public void setWriteBufferSize(int n) { this.writeBufferSize = n; }
    public void setRingBufferSize(int n) { this.ringBufferSize = n; }
    public void setIncludeCallerData(boolean b) { this.includeCallerData = b; }

    @Override
    public void start() {
        int errors = 0;
        if (encoder == null) {
            errors++;
            addError("No encoder was configured. Use <encoder> to specify the fully qualified class name of the encoder to use");
        }
        if (destinations.isEmpty()) {
            errors++;
            addError("No destination was configured. Use <destination> to add one or more destinations to the appender");
        }
        if (errors == 0) {
            if (!encoder.isStarted()) encoder.start();
            super.start();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        // never sends
    }
}
