package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sta train}: help and the refusals (its happy path is TrainRecipeTest, which runs it end to end). */
class TrainCommandTest {

    private static String stderrOf(Runnable r) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheStageOptions() {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = StaCommand.execute("train", "--help");
        } finally {
            System.setOut(original);
        }
        String help = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        for (String option : new String[] {"--manifest", "--work-dir", "--languages", "--tokenizer", "--teacher-tower",
                "--encoder", "--denoiser-steps", "--condition-mix", "--condition-dropout"}) {
            assertTrue(help.contains(option), option + " missing from\n" + help);
        }
    }

    @Test
    void refusesBadArguments(@TempDir Path dir) {
        int[] code = new int[1];
        String err = stderrOf(() -> code[0] = StaCommand.execute("train", "--work-dir", dir.toString()));
        assertEquals(2, code[0], "missing --manifest is a usage error");
        assertTrue(err.contains("--manifest"), err);

        err = stderrOf(() -> code[0] = StaCommand.execute("train", "--manifest", dir.resolve("none.jsonl").toString(),
                "--work-dir", dir.toString()));
        assertEquals(1, code[0], "a missing manifest is refused");
        assertTrue(err.contains("none.jsonl") && err.contains("does not exist"), err);

        err = stderrOf(() -> code[0] = StaCommand.execute("train", "--manifest", "m.jsonl", "--work-dir", dir.toString(),
                "--condition-mix", "speech=1,noise=2"));
        assertEquals(1, code[0]);
        assertTrue(err.contains("noise=2"), err);

        err = stderrOf(() -> code[0] = StaCommand.execute("train", "--manifest", "m.jsonl", "--work-dir", dir.toString(),
                "--denoiser-steps", "0"));
        assertEquals(1, code[0]);
        assertTrue(err.contains("denoiser.steps"), err);
    }
}
