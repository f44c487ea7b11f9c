// Prints what java.util.Properties.load (the reader LogManager, log4j 1.x and log4j2's
// properties configuration all use) makes of each file: "FILE\tbase64(key)\tbase64(value)"
// per entry, keys sorted. Run as a single-file program: java JavaPropertiesDump.java FILE...
// Used by auditpack's conformance tests of its Java .properties reader.
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Base64;
import java.util.Properties;
import java.util.TreeSet;

public class JavaPropertiesDump {
    public static void main(String[] args) throws Exception {
        Base64.Encoder b64 = Base64.getEncoder();
        for (String file : args) {
            Properties p = new Properties();
            try (InputStream in = new FileInputStream(file)) {
                p.load(in);  // ISO-8859-1, as LogManager.readConfiguration reads it
            }
            for (String key : new TreeSet<>(p.stringPropertyNames())) {
                System.out.println(file + "\t" + b64.encodeToString(key.getBytes("UTF-8")) + "\t"
                        + b64.encodeToString(p.getProperty(key).getBytes("UTF-8")));
            }
        }
    }
}
