package io.jenkins.plugins.registrygate.registry;

/**
 * STS role session names. CloudTrail shows the session name in every call made with the role's credentials
 * ({@code assumed-role/<role>/<session>}), and SageMaker records it as the last modifier of a version, so a
 * build's own session names the build.
 */
public final class RoleSessionName {

    /** STS: 2 to 64 characters. */
    public static final int MAX_LENGTH = 64;
    /** For calls that serve many builds at once (the shared registry watcher) and callers that name no build. */
    public static final String PLUGIN = "jenkins-model-registry-gate";

    private RoleSessionName() {}

    /**
     * {@code <job full name>-<build number>}, with folder separators turned into dots and every character STS does
     * not allow ({@code [\w+=,.@-]}) into {@code _}. A name too long for STS keeps the build number and the end of
     * the job's name (its own name rather than its folders).
     */
    public static String forBuild(String jobFullName, int buildNumber) {
        String suffix = "-" + buildNumber;
        StringBuilder job = new StringBuilder();
        jobFullName.replace('/', '.').codePoints().forEach(c -> job.append(allowed(c) ? (char) c : '_'));
        if (job.length() == 0) {
            job.append("build");
        }
        int room = MAX_LENGTH - suffix.length();
        String name = job.length() > room ? job.substring(job.length() - room) : job.toString();
        return name + suffix;
    }

    private static boolean allowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
    }
}
