package dev.tgbot.config;

import java.time.Duration;

import org.eclipse.microprofile.config.spi.Converter;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * Reads the {@code bot.*} durations as Quarkus reads its own ({@link DurationConverter}: {@code 10s}, {@code 1500ms},
 * {@code 2m}, {@code 1h}, {@code PT10S}, or a bare number of seconds), and when a value is none of those, says which
 * forms are accepted instead of Quarkus' bare "Invalid duration". SmallRye Config names the property and the value in
 * front of this message at startup.
 */
public final class BotDurationConverter implements Converter<Duration> {

    private static final long serialVersionUID = 1L;
    private static final DurationConverter QUARKUS = new DurationConverter();

    /**
     * @param value the configured text
     * @return the duration, or null for an empty value (the property is then unset)
     * @throws IllegalArgumentException naming the accepted forms
     */
    @Override
    public Duration convert(String value) {
        try {
            return QUARKUS.convert(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration: write it as 10s, 1500ms, 2m, 1h or PT10S "
                    + "(a number alone means seconds)");
        }
    }
}
