package dev.gantry.cli.run;

import dev.gantry.actions.approval.Approver;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How {@code gantry run} decides {@code aws/approval} gates: {@code --approve} approves every gate; else, on a
 * terminal, a prompt asks (answer {@code y} to approve; anything else rejects, and what follows the gate is
 * skipped); else nobody can approve, and the gate is rejected with a message saying to pass {@code --approve}.
 * {@link #canDecide} tells before the run whether gates can be decided at all.
 */
final class TerminalApprover implements Approver {
    private final boolean approveAll;
    private final Console console;
    private final Object promptLock = new Object();

    /**
     * @param approveAll {@code --approve}
     * @param console    the terminal, or {@code null} when there is none
     */
    TerminalApprover(boolean approveAll, Console console) {
        this.approveAll = approveAll;
        this.console = console;
    }

    /** Whether gates can be decided: {@code --approve}, or a terminal to ask on. */
    boolean canDecide() {
        return approveAll || console != null;
    }

    /** Why gates cannot be decided, for people. */
    static String whyNot(String gate) {
        return "approval gate '" + gate + "' needs someone to approve it, but this run is not on a terminal: pass "
                + "--approve to approve the gates of a non-interactive run";
    }

    @Override
    public Decision decide(Request request) throws InterruptedException {
        if (approveAll) {
            return new Decision(true, "approval gate: approved by --approve");
        }
        if (console == null) {
            return new Decision(false, whyNot(request.actionId()));
        }
        synchronized (promptLock) {
            BufferedReader in = new BufferedReader(console.reader());
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                console.printf("%ngantry: approval gate '%s' of workflow %s (ApprovalsRequired: %d). Approve? [y/N] ",
                        request.actionId(), request.workflow(), request.approvals());
                console.flush();
                try {
                    return in.readLine();
                } catch (IOException e) {
                    return null;
                }
            });
            while (true) {
                if (request.cancellation().isCancelled()) {
                    return new Decision(false, "approval gate: no answer before the gate was cancelled");
                }
                try {
                    String a = answer.get(200, TimeUnit.MILLISECONDS);
                    boolean yes = a != null && a.strip().toLowerCase(Locale.ROOT).matches("y|yes");
                    return new Decision(yes, "approval gate: " + (yes ? "approved" : "rejected") + " on the terminal");
                } catch (TimeoutException e) {
                    // ask again whether the gate was cancelled
                } catch (ExecutionException e) {
                    return new Decision(false, "approval gate: the terminal could not be read");
                }
            }
        }
    }
}
