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
}
