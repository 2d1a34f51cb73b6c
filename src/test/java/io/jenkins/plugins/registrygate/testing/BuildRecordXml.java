package io.jenkins.plugins.registrygate.testing;

import com.thoughtworks.xstream.XStream;
import io.jenkins.plugins.registrygate.actions.RegistryGateAction;

/** Writes and reads the build action as Jenkins does for build.xml (XStream), for restart tests. */
public final class BuildRecordXml {

    private BuildRecordXml() {}

    private static XStream xstream() {
        XStream x = new XStream();
        x.allowTypesByWildcard(new String[] {"io.jenkins.plugins.registrygate.**"});
        return x;
    }

    public static String write(RegistryGateAction action) {
        return xstream().toXML(action);
    }

    public static RegistryGateAction read(String xml) {
        return (RegistryGateAction) xstream().fromXML(xml);
    }
}
