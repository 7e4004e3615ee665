package org.speaktheart.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.speaktheart.encoder.cli.EncoderCommand;
import picocli.CommandLine;

/** The command line's parsing: help, required options, unknown subcommands. */
class EncoderCommandTest {

    private static int run(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new EncoderCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void requiredOptionsAreNamed() {
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, "train", "--manifest", "m.jsonl"));
        assertTrue(err.toString().contains("--teacher-tower"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "adapt", "--manifest", "m", "--teacher-tower", "t", "--cache", "c", "--out", "o"));
        assertTrue(err.toString().contains("--base-model"), err.toString());
        err = new StringWriter();
        assertEquals(2, run(err, "adapt", "--manifest", "m", "--teacher-tower", "t", "--cache", "c", "--out", "o",
                "--base-model", "b.onnx", "--base-checkpoint", "step-1", "--temperature", "0.03"));
        assertTrue(err.toString().contains("--temperature applies only without --base-checkpoint"), err.toString());
        assertEquals(0, run(new StringWriter(), "train", "--help"));
        err = new StringWriter();
        assertEquals(2, run(err, "evaluate", "--manifest", "m", "--teacher-tower", "t", "--cache", "c"));
        assertTrue(err.toString().contains("--model"), err.toString());
        assertEquals(2, run(new StringWriter(), "transcribe"));
    }
}
