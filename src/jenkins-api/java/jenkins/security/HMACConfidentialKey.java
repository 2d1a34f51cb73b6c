package jenkins.security;

public class HMACConfidentialKey extends ConfidentialKey {

    public HMACConfidentialKey(Class owner, String shortName) {
        super(owner.getName() + '.' + shortName);
    }

    public String mac(String message) {
        throw new UnsupportedOperationException("compile-time declaration of the Jenkins API");
    }
}
