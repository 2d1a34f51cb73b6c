package io.jenkins.plugins.registrygate.events;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the administrator sees of the events: the last one taken, how many came in the last hour (sixty one-minute
 * buckets), and how many were refused, by reason. In memory only.
 */
final class EventStats {

    private final Clock clock;
    private final long[] minuteOf = new long[60];
    private final int[] countIn = new int[60];
    private final EnumMap<EventRefusal.Reason, Long> refused = new EnumMap<>(EventRefusal.Reason.class);
    private long duplicates;
    private Instant lastAt;
    private String lastType = "";
    private EventIntake.Channel lastChannel;

    EventStats(Clock clock) {
        this.clock = clock;
    }

    synchronized void taken(RegistryEvent e, EventIntake.Channel channel) {
        Instant now = clock.instant();
        lastAt = now;
        lastType = e.detailType();
        lastChannel = channel;
        long minute = now.getEpochSecond() / 60;
        int slot = (int) Math.floorMod(minute, 60L);
        if (minuteOf[slot] != minute) {
            minuteOf[slot] = minute;
            countIn[slot] = 0;
        }
        countIn[slot]++;
    }

    synchronized void refused(EventRefusal.Reason reason) {
        refused.merge(reason, 1L, Long::sum);
    }

    synchronized void duplicate() {
        duplicates++;
    }

    /** Events taken in the last hour (the current minute and the 59 before it). */
    synchronized int lastHour() {
        long minute = clock.instant().getEpochSecond() / 60;
        int n = 0;
        for (int i = 0; i < 60; i++) {
            if (minute - minuteOf[i] < 60 && minuteOf[i] <= minute) {
                n += countIn[i];
            }
        }
        return n;
    }

    synchronized Optional<Instant> lastAt() {
        return Optional.ofNullable(lastAt);
    }

    synchronized String lastType() {
        return lastType;
    }

    synchronized Optional<EventIntake.Channel> lastChannel() {
        return Optional.ofNullable(lastChannel);
    }

    synchronized Map<EventRefusal.Reason, Long> refusals() {
        return Map.copyOf(refused);
    }

    synchronized long duplicates() {
        return duplicates;
    }
}
