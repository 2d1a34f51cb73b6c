package io.jenkins.plugins.registrygate.events;

import io.jenkins.plugins.registrygate.approvals.RegistryWatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How events are doing, for the status line of the global configuration page: the last event taken, events in the
 * last hour, whether the watcher's polling is the safety net or the mechanism, how often it fell back to polling,
 * what was refused, and the SQS queue's state when one is consumed.
 *
 * @param lastReceived when the last event (or heartbeat) was taken
 * @param lastType its detail-type
 * @param lastChannel how it came (HTTP or SQS)
 * @param lastHour events taken in the last hour
 * @param push the watcher's view: live, last push, fallbacks to polling
 * @param safetyInterval how often groups are polled while events arrive
 * @param refused refusals by reason since Jenkins started
 * @param queue the SQS consumer's state, empty when no queue is consumed
 */
public record EventStatus(Optional<Instant> lastReceived, String lastType, Optional<EventIntake.Channel> lastChannel,
                          int lastHour, RegistryWatcher.PushState push, Duration safetyInterval,
                          Map<EventRefusal.Reason, Long> refused, Optional<String> queue) {

    /** One paragraph of plain text (the page escapes it). */
    public String summary(Instant now) {
        StringBuilder b = new StringBuilder();
        if (lastReceived.isEmpty()) {
            b.append("No registry event received since Jenkins started.");
        } else {
            Instant t = lastReceived.get();
            b.append("Last event received ").append(t).append(" (").append(ago(Duration.between(t, now))).append("): ")
                    .append(lastType).append(lastChannel.map(c -> ", via " + c).orElse("")).append('.');
        }
        b.append(' ').append(lastHour).append(lastHour == 1 ? " event" : " events").append(" in the last hour.");
        b.append(push.live()
                ? " Events are arriving: the registry is polled every " + minutes(safetyInterval) + " as a safety net."
                : " Polling at its normal cadence (no event or heartbeat lately).");
        b.append(" Fallbacks to polling: ").append(push.fallbacks()).append('.');
        long refusedTotal = refused.values().stream().mapToLong(Long::longValue).sum();
        if (refusedTotal > 0) {
            b.append(" Refused: ").append(refusedTotal).append(" (").append(refused.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + e.getValue())
                    .collect(Collectors.joining(", "))).append(").");
        }
        queue.ifPresent(q -> b.append(' ').append(q));
        return b.toString();
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        return s / 3600 + " h ago";
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? s / 60 + " min" : s + " s";
    }
}
