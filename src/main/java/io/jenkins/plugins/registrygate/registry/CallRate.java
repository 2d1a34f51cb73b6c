package io.jenkins.plugins.registrygate.registry;

/**
 * How many calls per second the plugin makes, per connection and AWS service: a token bucket of {@code perSecond}
 * tokens a second holding at most {@link #burst()}. Zero means no limit.
 */
public record CallRate(int perSecond) {

    /** The default: well under SageMaker's per-account rate limits, which every tool in the account shares. */
    public static final CallRate DEFAULT = new CallRate(10);
    public static final CallRate UNLIMITED = new CallRate(0);
    public static final int MAX = 1000;

    public CallRate {
        if (perSecond < 0 || perSecond > MAX) {
            throw new IllegalArgumentException("calls per second must be between 0 (no limit) and " + MAX + ", not " + perSecond);
        }
    }

    public boolean isLimited() {
        return perSecond > 0;
    }

    /** Calls that may go out at once after a quiet spell: two seconds' worth. */
    public int burst() {
        return Math.max(1, 2 * perSecond);
    }
}
