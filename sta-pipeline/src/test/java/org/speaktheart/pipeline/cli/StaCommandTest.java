package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sta}: every command in the tree answers {@code --help} and its usage names it the way it is typed. */
class StaCommandTest {

    private static String helpOf(List<String> path) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        int code;
        try {
            code = StaCommand.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        assertEquals(0, code, "sta " + String.join(" ", args));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue; // picocli's help command, and aliases
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void everyCommandAnswersHelpUnderItsTypedName() {
        List<List<String>> paths = new ArrayList<>();
        collect(StaCommand.commandLine(), List.of(), paths);
        assertTrue(paths.size() >= 25 && paths.contains(List.of("encoder", "adapt")) && paths.contains(List.of("bundle", "retune")),
                "commands found: " + paths);
        for (List<String> path : paths) {
            String usage = "Usage: sta " + String.join(" ", path) + " ";
            String help = helpOf(path);
            assertTrue(help.startsWith(usage), "expected '" + usage + "' at the start of\n" + help);
        }
    }

    /**
     * Each description is one paragraph that picocli wraps to the terminal width: a description given as
     * several strings is printed one string per line, each wrapped on its own, which breaks sentences.
     */
    @Test
    void descriptionsAreSingleParagraphs() {
        List<List<String>> paths = new ArrayList<>();
        collect(StaCommand.commandLine(), List.of(), paths);
        List<String> broken = new ArrayList<>();
        for (List<String> path : paths) {
            CommandLine c = StaCommand.commandLine();
            for (String name : path) {
                c = c.getSubcommands().get(name);
            }
            String command = "sta " + String.join(" ", path);
            if (c.getCommandSpec().usageMessage().description().length > 1) {
                broken.add(command);
            }
            for (CommandLine.Model.OptionSpec o : c.getCommandSpec().options()) {
                if (o.description().length > 1) {
                    broken.add(command + " " + o.longestName());
                }
            }
        }
        assertEquals(List.of(), broken, "descriptions given as several lines");
    }
}
