package dev.gantry.engine.trigger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CronExpressionTest {
    @ParameterizedTest
    @ValueSource(strings = {"0 0 ? * MON-FRI *", "0 2 * * ? *", "15 22 * * ? *", "0/30 22-2 ? * SAT-SUN *",
            "45 13 L * ? 2023-2027", "15 10 ? * 7 *", "0 8 15W * ? *", "0 8 ? * 6L *", "0 8 ? * 2#1 *",
            "0 8 ? JAN,JUL * 2030", "0 8 LW * ? *", "0 0 1 */2 ? *", "0 12 ? * fri *"})
    void acceptsTheServicesExamplesAndEveryWildcard(String expression) {
        assertThat(CronExpression.parse(expression).problems()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 0 * * *|0|has 5 fields; a schedule needs six: minutes hours day-of-month month day-of-week year (this "
                + "looks like a five-field Unix cron; in EventBridge form: '0 0 * * ? *')",
        "60 0 * * ? *|0|minutes field: '60' is out of range for minutes (0-59)",
        "0 24 * * ? *|2|hours field: '24' is out of range for hours (0-23)",
        "0 0 * * * *|8|exactly one of day-of-month ('*') and day-of-week ('*') must be '?': write '?' for "
                + "day-of-week",
        "0 0 ? * ? *|8|day-of-month and day-of-week are both '?'; exactly one of them must be '?': give the other a "
                + "value or '*'",
        "0 0 ? * MON-FRX *|12|day-of-week field: 'FRX' is not a valid day-of-week value (1-7 or SUN-SAT)",
        "0 0 ? * 8 *|8|day-of-week field: '8' is out of range for day-of-week (1-7 or SUN-SAT)",
        "0 0 ? * 2#6 *|10|day-of-week field: '2#6': the number after # is the week of the month, 1-5",
        "0 0 1 13 ? *|6|month field: '13' is out of range for month (1-12 or JAN-DEC)",
        "0 0 1 * ? 1969|10|year field: '1969' is out of range for year (1970-2199)",
        "0 0 1 * ? 2030-2020|10|year field: range '2030-2020' runs backwards",
        "0/0 0 1 * ? *|2|minutes field: '0' is not a valid increment for minutes (1-60)",
        "0 0 1,,2 * ? *|6|day-of-month field: empty entry in the list '1,,2'",
        "0 0 ? * MON/2 *|11|day-of-week field: '/' is not allowed here (day-of-week takes 1-7 or SUN-SAT and the "
                + "characters , - * ? L #)",
        "0 ? 1 * ? *|2|hours field: '?' is only allowed in day-of-month and day-of-week"})
    void pointsAtTheOffendingField(String expression, int offset, String message) {
        assertThat(CronExpression.parse(expression).problems())
                .first().isEqualTo(new CronExpression.Problem(offset, message));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0/30 22-2 ? * SAT-SUN *|30", "*/5 * * * ? *|5", "0,15 8 * * ? *|15",
            "0 0/1 * * ? *|60", "59 23 * * ? *|-1", "0 0,12 * * ? *|720", "10 0-23 * * ? *|60"})
    void measuresTheShortestInterval(String expression, int minutes) {
        var interval = CronExpression.parse(expression).shortestIntervalMinutes();
        if (minutes < 0) {
            assertThat(interval).isEmpty();
        } else {
            assertThat(interval).hasValue(minutes);
        }
    }

    @Test
    void wrapsAroundMidnightWhenMeasuring() {
        assertThat(CronExpression.parse("10,50 0,23 * * ? *").shortestIntervalMinutes()).hasValue(20);
    }

    /** The reference's examples (§1.5) and every wildcard: the next tick after an instant (UTC). */
    @ParameterizedTest(name = "{0} after {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // midnight on weekdays: Friday 2026-12-04 12:00 -> Monday 00:00
        "0 0 ? * MON-FRI *|2026-12-04T12:00:00Z|2026-12-07T00:00:00Z",
        "0 2 * * ? *|2026-12-04T01:59:59Z|2026-12-04T02:00:00Z",
        // strictly after: a tick at the instant itself is not next
        "0 2 * * ? *|2026-12-04T02:00:00Z|2026-12-05T02:00:00Z",
        "15 22 * * ? *|2026-12-31T22:15:00Z|2027-01-01T22:15:00Z",
        // every 30 minutes from 22:00 to 02:59 on weekends: Saturday 2026-12-05
        "0/30 22-2 ? * SAT-SUN *|2026-12-04T23:00:00Z|2026-12-05T00:00:00Z",
        "0/30 22-2 ? * SAT-SUN *|2026-12-05T02:30:00Z|2026-12-05T22:00:00Z",
        // 13:45 on the last day of the month, 2023-2027 only
        "45 13 L * ? 2023-2027|2026-02-01T00:00:00Z|2026-02-28T13:45:00Z",
        "45 13 L * ? 2023-2027|2028-02-01T00:00:00Z|-",
        "45 13 L * ? 2023-2027|2024-02-29T13:45:00Z|2024-03-31T13:45:00Z",
        // 10:15 every Saturday (7 = SAT)
        "15 10 ? * 7 *|2026-12-04T00:00:00Z|2026-12-05T10:15:00Z",
        // the weekday nearest the 15th: 2026-11-15 is a Sunday -> Monday the 16th
        "0 8 15W * ? *|2026-11-01T00:00:00Z|2026-11-16T08:00:00Z",
        // 1W on a Saturday stays in the month: 2026-08-01 is a Saturday -> Monday the 3rd
        "0 8 1W * ? *|2026-07-31T00:00:00Z|2026-08-03T08:00:00Z",
        // the last Friday (6L): 2026-12-25
        "0 8 ? * 6L *|2026-12-01T00:00:00Z|2026-12-25T08:00:00Z",
        // the first Monday (2#1): 2027-01-04
        "0 8 ? * 2#1 *|2026-12-08T00:00:00Z|2027-01-04T08:00:00Z",
        // the last weekday of the month: 2027-01-31 is a Sunday -> Friday the 29th
        "0 8 LW * ? *|2027-01-02T00:00:00Z|2027-01-29T08:00:00Z",
        "0 8 ? JAN,JUL * 2030|2026-12-04T00:00:00Z|2030-01-01T08:00:00Z",
        "0 0 1 */2 ? *|2026-02-01T00:00:00Z|2026-03-01T00:00:00Z",
        "0 12 ? * fri *|2026-12-04T12:00:00Z|2026-12-11T12:00:00Z",
        // L alone in day-of-week is Saturday
        "0 9 ? * L *|2026-12-01T00:00:00Z|2026-12-05T09:00:00Z",
        // 31 only in months that have it
        "0 0 31 * ? *|2026-04-01T00:00:00Z|2026-05-31T00:00:00Z",
        "0 0 29 2 ? *|2026-01-01T00:00:00Z|2028-02-29T00:00:00Z"})
    void nextTick(String expression, String after, String next) {
        var tick = CronExpression.parse(expression).nextAfter(java.time.Instant.parse(after));
        if (next.equals("-")) {
            assertThat(tick).isEmpty();
        } else {
            assertThat(tick).hasValue(java.time.Instant.parse(next));
        }
    }

    @Test
    void firstInIsTheTickInsideTheIntervalOnly() {
        CronExpression nightly = CronExpression.parse("0 2 * * ? *");
        var from = java.time.Instant.parse("2026-12-04T01:00:00Z");
        assertThat(nightly.firstIn(from, java.time.Instant.parse("2026-12-04T02:00:00Z")))
                .hasValue(java.time.Instant.parse("2026-12-04T02:00:00Z"));
        assertThat(nightly.firstIn(from, java.time.Instant.parse("2026-12-04T01:59:59Z"))).isEmpty();
        // a tick missed before 'after' (the server was down) is not replayed
        assertThat(nightly.firstIn(java.time.Instant.parse("2026-12-04T02:00:00Z"),
                java.time.Instant.parse("2026-12-04T03:00:00Z"))).isEmpty();
    }

    @Test
    void anInvalidOrHugeExpressionNeverFires() {
        assertThat(CronExpression.parse("0 0 * * *").nextAfter(java.time.Instant.EPOCH)).isEmpty();
        CronExpression huge = CronExpression.parse("0 ".repeat(10_000));
        assertThat(huge.valid()).isFalse();
        assertThat(huge.problems().get(0).message()).isEqualTo("is 20000 characters long; a schedule has at most 256");
    }

    @Test
    void instantsOutsideTheCronYearsAreAnswered() {
        CronExpression daily = CronExpression.parse("0 2 * * ? *");
        assertThat(daily.nextAfter(java.time.Instant.MAX)).isEmpty();
        assertThat(daily.nextAfter(java.time.Instant.parse("2199-12-31T03:00:00Z"))).isEmpty();
        assertThat(daily.nextAfter(java.time.Instant.MIN)).hasValue(java.time.Instant.parse("1970-01-01T02:00:00Z"));
    }

    @Test
    void searchingYearsAheadIsQuick() {
        CronExpression rare = CronExpression.parse("0 0 29 2 ? 2196");
        long start = System.nanoTime();
        assertThat(rare.nextAfter(java.time.Instant.parse("1970-01-01T00:00:00Z")))
                .hasValue(java.time.Instant.parse("2196-02-29T00:00:00Z"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    }
}
