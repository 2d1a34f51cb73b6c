package io.jenkins.plugins.registrygate.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh emulator on a {@link MutableClock} for each test of a non-SageMaker service. After each test every response
 * the emulator sent must have conformed to its output shape.
 */
public abstract class ServiceTestSupport {

    public static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    public static final String ACCOUNT = "123456789012";

    protected MutableClock clock;
    protected SageMakerEmulator emu;

    @BeforeEach
    void startEmulator() {
        clock = new MutableClock(T0);
        emu = SageMakerEmulator.start(clock);
    }

    @AfterEach
    void stopEmulator() {
        emu.close();
        assertEquals(List.of(), emu.conformanceViolations(), "responses outside the model's output shapes");
    }

    /** Long-term keys of a new IAM user of the emulator. */
    protected Identities.Credentials user(String name) {
        return emu.identities().user(name);
    }
}
