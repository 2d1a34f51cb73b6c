package io.jenkins.plugins.registrygate.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jboss.marshalling.Marshaller;
import org.jboss.marshalling.MarshallingConfiguration;
import org.jboss.marshalling.OutputStreamByteOutput;
import org.jboss.marshalling.InputStreamByteInput;
import org.jboss.marshalling.SimpleClassResolver;
import org.jboss.marshalling.Unmarshaller;
import org.jboss.marshalling.river.RiverMarshallerFactory;

/**
 * A step execution written and read back with JBoss Marshalling River, the serializer Pipeline uses for its program
 * state (program.dat), configured as workflow-support's RiverWriter and RiverReader are (default configuration, a
 * class resolver on the plugin's class loader).
 */
public final class ProgramState {

    private ProgramState() {}

    public static byte[] save(Object execution) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Marshaller m = new RiverMarshallerFactory().createMarshaller(new MarshallingConfiguration());
        m.start(new OutputStreamByteOutput(bytes));
        m.writeObject(execution);
        m.finish();
        return bytes.toByteArray();
    }

    public static Object load(byte[] saved) throws IOException, ClassNotFoundException {
        MarshallingConfiguration config = new MarshallingConfiguration();
        config.setClassResolver(new SimpleClassResolver(ProgramState.class.getClassLoader()));
        Unmarshaller u = new RiverMarshallerFactory().createUnmarshaller(config);
        u.start(new InputStreamByteInput(new ByteArrayInputStream(saved)));
        Object o = u.readObject();
        u.finish();
        return o;
    }
}
