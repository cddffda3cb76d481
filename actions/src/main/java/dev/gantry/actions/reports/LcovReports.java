package dev.gantry.actions.reports;

import dev.gantry.actions.reports.ReportData.Coverage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The LCOV tracefile parser: per source file, the {@code LF/LH} and {@code BRF/BRH} summaries, or, when a record has
 * none, its counted {@code DA} and {@code BRDA} lines.
 */
final class LcovReports {
    private LcovReports() {
    }

    /** One {@code SF:} ... {@code end_of_record} block being read. */
    private static final class Record {
        Long lf;
        Long lh;
        Long brf;
        Long brh;
        long da;
        long daHit;
        long brda;
        long brdaHit;

        Coverage total() {
            return lf != null
                    ? new Coverage(lh == null ? 0 : lh, lf, brf != null ? (brh == null ? 0 : brh) : brdaHit,
                    brf != null ? brf : brda)
                    : new Coverage(daHit, da, brf != null ? (brh == null ? 0 : brh) : brdaHit,
                    brf != null ? brf : brda);
        }
    }

    static Coverage parse(Path file) throws ReportParseException, IOException {
        Coverage sum = new Coverage(0, 0, 0, 0);
        Record rec = null;
        boolean sawRecord = false;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                line = line.strip();
                if (line.isEmpty() || line.startsWith("TN:")) {
                    continue;
                }
                int colon = line.indexOf(':');
                String tag = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).trim();
                try {
                    if (tag.equals("SF")) {
                        if (rec != null) {
                            sum = sum.plus(rec.total());
                        }
                        rec = new Record();
                        sawRecord = true;
                        continue;
                    }
                    if (tag.equals("end_of_record")) {
                        if (rec != null) {
                            sum = sum.plus(rec.total());
                        }
                        rec = null;
                        continue;
                    }
                    if (rec == null) {
                        if (sawRecord && (tag.equals("VER") || tag.startsWith("FN"))) {
                            continue;
                        }
                        throw new ReportParseException("not an LCOV tracefile: line " + lineNo + " ('" + tag
                                + "') is outside an SF: record");
                    }
                    switch (tag) {
                        case "LF" -> rec.lf = Long.parseLong(value);
                        case "LH" -> rec.lh = Long.parseLong(value);
                        case "BRF" -> rec.brf = Long.parseLong(value);
                        case "BRH" -> rec.brh = Long.parseLong(value);
                        case "DA" -> {
                            String[] p = value.split(",");
                            rec.da++;
                            if (Long.parseLong(p[1].trim()) > 0) {
                                rec.daHit++;
                            }
                        }
                        case "BRDA" -> {
                            String[] p = value.split(",");
                            rec.brda++;
                            if (!p[3].trim().equals("-") && Long.parseLong(p[3].trim()) > 0) {
                                rec.brdaHit++;
                            }
                        }
                        default -> {
                            // FN, FNDA, FNF, FNH, VER, ...: functions are not a service criterion
                        }
                    }
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new ReportParseException("malformed LCOV line " + lineNo + ": " + line);
                }
            }
        }
        if (rec != null) {
            sum = sum.plus(rec.total());
        }
        if (!sawRecord) {
            throw new ReportParseException("not an LCOV tracefile: no SF: record");
        }
        return sum;
    }
}
