package dev.gantry.engine.trigger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SCHEDULE trigger's {@code Expression}: an Amazon EventBridge cron expression with six fields,
 * {@code minutes hours day-of-month month day-of-week year} (reference §1.5), always in UTC. Parsing collects every
 * problem with its offset in the text, so a diagnostic can point at the offending field; a valid expression
 * answers when it next fires ({@link #nextAfter}) and whether it fires within an interval ({@link #firstIn}).
 *
 * <p>Wildcards as EventBridge defines them: {@code , - * / ?}; in day-of-month {@code L} (last day), {@code LW}
 * (last weekday), {@code 15W} (the weekday nearest the 15th, within the month); in day-of-week {@code L} alone
 * (Saturday, the last day of the week), {@code 6L} (the month's last Friday) and {@code 2#1} (the month's first
 * Monday); day-of-week counts 1=SUN to 7=SAT. A range may wrap ({@code 22-2} hours, {@code FRI-MON}).
 */
public final class CronExpression {
    /** A problem and the offset of the text it is about. */
    public record Problem(int offset, String message) {
    }

    private enum Field {
        MINUTES("minutes", 0, 59, ",-*/", null),
        HOURS("hours", 0, 23, ",-*/", null),
        DAY_OF_MONTH("day-of-month", 1, 31, ",-*?/LW", null),
        MONTH("month", 1, 12, ",-*/", List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                "NOV", "DEC")),
        DAY_OF_WEEK("day-of-week", 1, 7, ",-*?L#", List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")),
        YEAR("year", 1970, 2199, ",-*/", null);

        final String label;
        final int min;
        final int max;
        final String specials;
        final List<String> names;

        Field(String label, int min, int max, String specials, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.specials = specials;
            this.names = names;
        }

        String range() {
            return min + "-" + max + (names == null ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1));
        }
    }

    private static final Pattern TOKEN = Pattern.compile("\\S+");
    private static final Pattern NTH_WEEKDAY = Pattern.compile("([A-Za-z0-9]+)#(.*)");
    private static final Pattern LAST_WEEKDAY = Pattern.compile("([A-Za-z0-9]+)L");
    private static final Pattern NEAREST_WEEKDAY = Pattern.compile("(\\d+)W");

    /** Before the first year a schedule can name (1970), and after the last (2199). */
    private static final Instant START = Instant.parse("1969-12-31T23:59:00Z");
    private static final Instant END = Instant.parse("2200-01-01T00:00:00Z");
    /** The longest expression read; a longer one is refused without being split. */
    static final int MAX_LENGTH = 256;

    private final String text;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private TreeSet<Integer> minutes;
    private TreeSet<Integer> hours;
    /** Per field (minutes ... year), the plain values; {@code null} for '?'. */
    private final List<TreeSet<Integer>> values = new ArrayList<>();
    private final DaySpecials specials = new DaySpecials();

    private CronExpression(String text) {
        this.text = text;
    }

    /** Parses {@code text}; never throws. */
    public static CronExpression parse(String text) {
        CronExpression cron = new CronExpression(text == null ? "" : text);
        if (cron.text.length() > MAX_LENGTH) {
            cron.problems.add(new Problem(0, "is " + cron.text.length() + " characters long; a schedule has at most "
                    + MAX_LENGTH));
        } else {
            cron.read(cron.text);
        }
        return cron;
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** Every problem found; empty when the expression is valid. */
    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Whether the expression has no problem (only then does it fire). */
    public boolean valid() {
        return problems.isEmpty();
    }

    /**
     * The first time strictly after {@code instant} at which the schedule fires (a whole UTC minute); empty when the
     * expression is invalid or never fires again (its years are over).
     */
    public Optional<Instant> nextAfter(Instant instant) {
        if (!valid() || !instant.isBefore(END)) {
            return Optional.empty();
        }
        if (instant.isBefore(START)) {
            instant = START;
        }
        ZonedDateTime start = instant.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = start.toLocalDate();
        int fromMinute = start.getHour() * 60 + start.getMinute();
        TreeSet<Integer> years = values.get(5);
        while (day.getYear() <= Field.YEAR.max) {
            if (!years.contains(day.getYear())) {
                Integer nextYear = years.higher(day.getYear());
                if (nextYear == null) {
                    return Optional.empty();
                }
                day = LocalDate.of(nextYear, 1, 1);
                fromMinute = 0;
                continue;
            }
            if (values.get(3).contains(day.getMonthValue()) && dayMatches(day)) {
                OptionalInt minute = firstMinuteOfDay(fromMinute);
                if (minute.isPresent()) {
                    return Optional.of(day.atStartOfDay(ZoneOffset.UTC).plusMinutes(minute.getAsInt()).toInstant());
                }
            }
            day = day.plusDays(1);
            fromMinute = 0;
        }
        return Optional.empty();
    }

    /**
     * The first time the schedule fires in {@code (after, upTo]}; empty when it does not fire in that interval.
     * A server that checks every so often asks this with its previous and current check times, so each tick is
     * seen exactly once and ticks from before {@code after} (while it was down) are not replayed.
     */
    public Optional<Instant> firstIn(Instant after, Instant upTo) {
        return nextAfter(after).filter(t -> !t.isAfter(upTo));
    }

    private OptionalInt firstMinuteOfDay(int fromMinute) {
        for (int h : hours.tailSet(fromMinute / 60)) {
            for (int m : minutes) {
                if (h * 60 + m >= fromMinute) {
                    return OptionalInt.of(h * 60 + m);
                }
            }
        }
        return OptionalInt.empty();
    }

    private boolean dayMatches(LocalDate day) {
        TreeSet<Integer> dom = values.get(2);
        TreeSet<Integer> dow = values.get(4);
        if (dom == null) {
            return dow.contains(cronDayOfWeek(day)) || specials.weekdayMatches(day);
        }
        return dom.contains(day.getDayOfMonth()) || specials.monthDayMatches(day);
    }

    /** 1=SUN ... 7=SAT, as cron counts. */
    static int cronDayOfWeek(LocalDate day) {
        return day.getDayOfWeek().getValue() % 7 + 1;
    }

    /** The day-of-month and day-of-week entries that are not plain values: L, LW, nW, nL, n#k. */
    private static final class DaySpecials {
        boolean lastDay;
        boolean lastWeekday;
        final TreeSet<Integer> nearestWeekday = new TreeSet<>();
        final TreeSet<Integer> lastOfWeekday = new TreeSet<>();
        final List<int[]> nthWeekday = new ArrayList<>();

        boolean monthDayMatches(LocalDate day) {
            int length = day.lengthOfMonth();
            int d = day.getDayOfMonth();
            if (lastDay && d == length) {
                return true;
            }
            if (lastWeekday && d == nearestWeekday(day, length)) {
                return true;
            }
            for (int n : nearestWeekday) {
                if (n <= length && d == nearestWeekday(day, n)) {
                    return true;
                }
            }
            return false;
        }

        boolean weekdayMatches(LocalDate day) {
            int dow = cronDayOfWeek(day);
            if (lastOfWeekday.contains(dow) && day.getDayOfMonth() > day.lengthOfMonth() - 7) {
                return true;
            }
            for (int[] nth : nthWeekday) {
                if (nth[0] == dow && (day.getDayOfMonth() - 1) / 7 + 1 == nth[1]) {
                    return true;
                }
            }
            return false;
        }

        /** The weekday (Mon-Fri) nearest day {@code n} of {@code day}'s month, never leaving the month. */
        private static int nearestWeekday(LocalDate day, int n) {
            LocalDate target = day.withDayOfMonth(n);
            int length = day.lengthOfMonth();
            return switch (target.getDayOfWeek()) {
                case SATURDAY -> n == 1 ? 3 : n - 1;
                case SUNDAY -> n == length ? n - 2 : n + 1;
                default -> n;
            };
        }
    }

    /**
     * The shortest time between two runs, in minutes, judged from the minutes and hours fields (the days a
     * schedule runs on only make runs rarer); empty when the expression is invalid or runs at most once a day.
     */
    public OptionalInt shortestIntervalMinutes() {
        if (!valid() || minutes == null || hours == null) {
            return OptionalInt.empty();
        }
        List<Integer> times = new ArrayList<>();
        for (int h : hours) {
            for (int m : minutes) {
                times.add(h * 60 + m);
            }
        }
        if (times.size() < 2) {
            return OptionalInt.empty();
        }
        int best = Integer.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) {
            best = Math.min(best, times.get(i) - times.get(i - 1));
        }
        best = Math.min(best, times.get(0) + 24 * 60 - times.get(times.size() - 1));
        return OptionalInt.of(best);
    }

    private void read(String text) {
        Matcher m = TOKEN.matcher(text);
        List<Integer> offsets = new ArrayList<>();
        while (m.find()) {
            fields.add(m.group());
            offsets.add(m.start());
        }
        if (fields.size() != 6) {
            problems.add(new Problem(0, "has " + fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                    + "; a schedule needs six: minutes hours day-of-month month day-of-week year"
                    + fiveFieldHint()));
            return;
        }
        Field[] kinds = Field.values();
        for (int i = 0; i < 6; i++) {
            TreeSet<Integer> fieldValues = field(kinds[i], fields.get(i), offsets.get(i));
            values.add(fieldValues);
            if (i == 0) {
                minutes = fieldValues;
            } else if (i == 1) {
                hours = fieldValues;
            }
        }
        boolean domAny = "?".equals(fields.get(2));
        boolean dowAny = "?".equals(fields.get(4));
        if (domAny && dowAny) {
            problems.add(new Problem(offsets.get(4), "day-of-month and day-of-week are both '?'; exactly one of "
                    + "them must be '?': give the other a value or '*'"));
        } else if (!domAny && !dowAny) {
            problems.add(new Problem(offsets.get(4), "exactly one of day-of-month ('" + fields.get(2)
                    + "') and day-of-week ('" + fields.get(4) + "') must be '?'"
                    + ("*".equals(fields.get(4)) ? ": write '?' for day-of-week" : ("*".equals(fields.get(2))
                    ? ": write '?' for day-of-month" : ""))));
        }
    }

    private String fiveFieldHint() {
        if (fields.size() != 5) {
            return "";
        }
        List<String> f = new ArrayList<>(fields);
        if (!"?".equals(f.get(2)) && !"?".equals(f.get(4))) {
            if ("*".equals(f.get(4))) {
                f.set(4, "?");
            } else {
                f.set(2, "?");
            }
        }
        f.add("*");
        return " (this looks like a five-field Unix cron; in EventBridge form: '" + String.join(" ", f) + "')";
    }

    /** Checks one field; returns its plain values (null for '?' or when invalid); special days go to specials. */
    private TreeSet<Integer> field(Field f, String text, int offset) {
        TreeSet<Integer> values = new TreeSet<>();
        boolean ok = true;
        if ("?".equals(text)) {
            if (f.specials.indexOf('?') < 0) {
                problem(offset, f, "'?' is only allowed in day-of-month and day-of-week");
            }
            return null;
        }
        int itemStart = 0;
        for (String item : text.split(",", -1)) {
            int at = offset + itemStart;
            itemStart += item.length() + 1;
            if (item.isEmpty()) {
                problem(at, f, "empty entry in the list '" + text + "'");
                ok = false;
                continue;
            }
            ok &= item(f, item, at, values);
        }
        return ok ? values : null;
    }

    private boolean item(Field f, String item, int at, TreeSet<Integer> values) {
        for (char c : item.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && f.specials.indexOf(c) < 0) {
                problem(at + item.indexOf(c), f, "'" + c + "' is not allowed here (" + f.label + " takes "
                        + f.range() + " and the characters " + String.join(" ", f.specials.split("")) + ")");
                return false;
            }
        }
        if ("?".equals(item)) {
            problem(at, f, "'?' must be the whole field");
            return false;
        }
        if (f == Field.DAY_OF_MONTH && (item.equals("L") || item.equals("LW"))) {
            specials.lastDay |= item.equals("L");
            specials.lastWeekday |= item.equals("LW");
            return true;
        }
        if (f == Field.DAY_OF_MONTH && item.endsWith("W")) {
            Matcher m = NEAREST_WEEKDAY.matcher(item);
            if (!m.matches()) {
                problem(at, f, "'" + item + "': W follows a single day of the month, e.g. 15W");
                return false;
            }
            Integer day = value(f, m.group(1), at);
            if (day != null) {
                specials.nearestWeekday.add(day);
            }
            return day != null;
        }
        if (f == Field.DAY_OF_WEEK) {
            if (item.equals("L")) {
                values.add(7);
                return true;
            }
            Matcher nth = NTH_WEEKDAY.matcher(item);
            if (nth.matches()) {
                Integer weekday = value(f, nth.group(1), at);
                if (weekday == null) {
                    return false;
                }
                if (!nth.group(2).matches("[1-5]")) {
                    problem(at + nth.group(1).length() + 1, f, "'" + item + "': the number after # is the week "
                            + "of the month, 1-5");
                    return false;
                }
                specials.nthWeekday.add(new int[] {weekday, Integer.parseInt(nth.group(2))});
                return true;
            }
            Matcher last = LAST_WEEKDAY.matcher(item);
            if (last.matches()) {
                Integer weekday = value(f, last.group(1), at);
                if (weekday != null) {
                    specials.lastOfWeekday.add(weekday);
                }
                return weekday != null;
            }
        }
        if (item.indexOf('L') >= 0 || item.indexOf('W') >= 0 || item.indexOf('#') >= 0) {
            if (!(f.names != null && containsName(f, item))) {
                problem(at, f, "'" + item + "' is not a valid " + f.label + " entry");
                return false;
            }
        }
        String base = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            String inc = item.substring(slash + 1);
            if (!inc.matches("\\d+") || Integer.parseInt(inc) < 1 || Integer.parseInt(inc) > f.max - f.min + 1) {
                problem(at + slash + 1, f, "'" + inc + "' is not a valid increment for " + f.label + " (1-"
                        + (f.max - f.min + 1) + ")");
                return false;
            }
            step = Integer.parseInt(inc);
        }
        int from;
        int to;
        if ("*".equals(base)) {
            from = f.min;
            to = f.max;
        } else {
            int dash = base.indexOf('-');
            Integer lo = value(f, dash < 0 ? base : base.substring(0, dash), at);
            if (lo == null) {
                return false;
            }
            if (dash < 0) {
                from = lo;
                to = slash >= 0 ? f.max : lo;
            } else {
                Integer hi = value(f, base.substring(dash + 1), at + dash + 1);
                if (hi == null) {
                    return false;
                }
                if (hi < lo && f == Field.YEAR) {
                    problem(at, f, "range '" + base + "' runs backwards");
                    return false;
                }
                from = lo;
                to = hi < lo ? hi + (f.max - f.min + 1) : hi;
            }
        }
        int span = f.max - f.min + 1;
        for (int v = from; v <= to; v += step) {
            values.add(v > f.max ? v - span : v);
        }
        return true;
    }

    private static boolean containsName(Field f, String item) {
        String upper = item.toUpperCase(Locale.ROOT);
        return f.names.stream().anyMatch(upper::contains);
    }

    private Integer value(Field f, String text, int at) {
        if (text.matches("\\d+")) {
            int v = text.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(text);
            if (v < f.min || v > f.max) {
                problem(at, f, "'" + text + "' is out of range for " + f.label + " (" + f.range() + ")");
                return null;
            }
            return v;
        }
        if (f.names != null) {
            int i = f.names.indexOf(text.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return f.min + i;
            }
        }
        problem(at, f, "'" + text + "' is not a valid " + f.label + " value (" + f.range() + ")");
        return null;
    }

    private void problem(int offset, Field f, String message) {
        problems.add(new Problem(offset, f.label + " field: " + message));
    }
}
