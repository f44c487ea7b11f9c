// Stand-in for logstash-logback-encoder's LogstashEncoder: the common simple properties, no output.
package net.logstash.logback.encoder;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.ArrayList;
import java.util.List;

public class LogstashEncoder extends EncoderBase<ILoggingEvent> {
    private String customFields;
    private final List<String> includeMdcKeyNames = new ArrayList<>();
    private final List<String> excludeMdcKeyNames = new ArrayList<>();

    public void setCustomFields(String customFields) { this.customFields = customFields; }
    public String getCustomFields() { return customFields; }
    public void setIncludeMdc(boolean b) {}
    public void setIncludeContext(boolean b) {}
    public void setIncludeCallerData(boolean b) {}
    public void setIncludeTags(boolean b) {}
    public void setTimeZone(String tz) {}
    public void setTimestampPattern(String p) {}
    public void setVersion(String v) {}
    public void setMessageSplitRegex(String r) {}
    public void setShortenedLoggerNameLength(int n) {}
    public void addIncludeMdcKeyName(String k) { includeMdcKeyNames.add(k); }
    public void addExcludeMdcKeyName(String k) { excludeMdcKeyNames.add(k); }

    @Override
    public byte[] headerBytes() { return new byte[0]; }

    @Override
    public byte[] encode(ILoggingEvent event) { return new byte[0]; }

    @Override
    public byte[] footerBytes() { return new byte[0]; }
}
