package org.speaktheart.data.tts;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The text-to-speech engines found on this machine, and what is missing for the others. Detection
 * looks for each engine's executables (and {@code sox}) on the {@code PATH}, and for MBROLA voice
 * databases on disk; it starts no process.
 */
public final class TtsEngines {
    private final List<SpeechSynthesizer> available;
    private final Map<Engine, String> missing;

    private TtsEngines(List<SpeechSynthesizer> available, Map<Engine, String> missing) {
        this.available = List.copyOf(available);
        this.missing = Collections.unmodifiableMap(new EnumMap<>(missing));
    }

    /**
     * Detects engines on the current {@code PATH}.
     *
     * @param timeout time limit per synthesis process for the returned drivers
     * @return the report
     */
    public static TtsEngines detect(Duration timeout) {
        return detect(timeout, System.getenv().getOrDefault("PATH", ""));
    }

    /**
     * Detects engines on a given search path.
     *
     * @param timeout time limit per synthesis process
     * @param searchPath directories separated by {@link File#pathSeparator}
     * @return the report
     */
    public static TtsEngines detect(Duration timeout, String searchPath) {
        ProcessRunner runner = new ProcessRunner(timeout);
        List<SpeechSynthesizer> found = new ArrayList<>();
        Map<Engine, String> missing = new EnumMap<>(Engine.class);
        boolean sox = onPath("sox", searchPath);
        for (Engine e : Engine.values()) {
            List<String> absent = new ArrayList<>();
            if (!sox) {
                absent.add("sox");
            }
            for (String exe : e.executables()) {
                if (!onPath(exe, searchPath)) {
                    absent.add(exe);
                }
            }
            if (!absent.isEmpty()) {
                missing.put(e, "missing " + String.join(", ", absent) + " (Debian: sox " + e.debianPackages() + ")");
                continue;
            }
            SpeechSynthesizer s = create(e, runner);
            if (s.voices().isEmpty()) {
                missing.put(e, "no voice installed (Debian: " + e.debianPackages() + ")");
            } else {
                found.add(s);
            }
        }
        return new TtsEngines(found, missing);
    }

    /**
     * Drivers for exactly the given voices, which need not be among an engine's defaults (e.g. a
     * further Festival voice such as {@code rab_diphone}). Whether the engine can really speak with
     * a voice shows only when it is used.
     *
     * @param voices the voices wanted
     * @param timeout time limit per synthesis process
     * @return a report whose drivers offer these voices and no others
     * @throws NoVoiceException naming what is missing when an engine of one of the voices is not found
     */
    public static TtsEngines offering(List<Voice> voices, Duration timeout) {
        TtsEngines found = detect(timeout);
        ProcessRunner runner = new ProcessRunner(timeout);
        Map<Engine, List<Voice>> byEngine = new EnumMap<>(Engine.class);
        for (Voice v : voices) {
            if (!found.has(v.engine())) {
                throw new NoVoiceException("voice " + v.id() + " needs engine " + v.engine().key() + ", which is not available: "
                        + found.missing().get(v.engine()));
            }
            byEngine.computeIfAbsent(v.engine(), k -> new ArrayList<>()).add(v);
        }
        List<SpeechSynthesizer> drivers = new ArrayList<>();
        Map<Engine, String> missing = new EnumMap<>(Engine.class);
        for (Engine e : Engine.values()) {
            if (byEngine.containsKey(e)) {
                drivers.add(create(e, runner, byEngine.get(e)));
            } else {
                missing.put(e, "not selected");
            }
        }
        return new TtsEngines(drivers, missing);
    }

    private static SpeechSynthesizer create(Engine e, ProcessRunner runner, List<Voice> voices) {
        return drivers(e).chosen().apply(runner, voices);
    }

    private static SpeechSynthesizer create(Engine e, ProcessRunner runner) {
        return drivers(e).defaults().apply(runner);
    }

    /** How an engine's driver is made: with its default (for MBROLA: installed) voices, or with chosen ones. */
    private record Drivers(Function<ProcessRunner, SpeechSynthesizer> defaults,
                           BiFunction<ProcessRunner, List<Voice>, SpeechSynthesizer> chosen) {
    }

    /** The one place engines meet their drivers; exhaustive, so a new engine without a driver does not compile. */
    private static Drivers drivers(Engine e) {
        return switch (e) {
            case ESPEAK_NG -> new Drivers(EspeakSynthesizer::withDefaultVoices, EspeakSynthesizer::new);
            case MBROLA -> new Drivers(MbrolaSynthesizer::withInstalledVoices, MbrolaSynthesizer::new);
            case PICO -> new Drivers(PicoSynthesizer::withDefaultVoices, PicoSynthesizer::new);
            case FLITE -> new Drivers(FliteSynthesizer::withDefaultVoices, FliteSynthesizer::new);
            case FESTIVAL -> new Drivers(FestivalSynthesizer::withDefaultVoices, FestivalSynthesizer::new);
        };
    }

    private static boolean onPath(String exe, String searchPath) {
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param engines engines to keep
     * @return this report restricted to those engines; the others are reported missing as "not selected"
     */
    public TtsEngines only(java.util.Set<Engine> engines) {
        Map<Engine, String> m = new EnumMap<>(Engine.class);
        m.putAll(missing);
        List<SpeechSynthesizer> keep = new ArrayList<>();
        for (SpeechSynthesizer s : available) {
            if (engines.contains(s.engine())) {
                keep.add(s);
            } else {
                m.put(s.engine(), "not selected");
            }
        }
        return new TtsEngines(keep, m);
    }

    /** @return drivers of the engines found */
    public List<SpeechSynthesizer> available() {
        return available;
    }

    /** @return for each engine not found, what is missing and which Debian packages provide it */
    public Map<Engine, String> missing() {
        return missing;
    }

    /**
     * @param engine an engine
     * @return whether it was found with at least one voice
     */
    public boolean has(Engine engine) {
        return available.stream().anyMatch(s -> s.engine() == engine);
    }

    /**
     * @param engine an engine that {@link #has(Engine)}
     * @return its driver
     */
    public SpeechSynthesizer driver(Engine engine) {
        return available.stream().filter(s -> s.engine() == engine).findFirst()
                .orElseThrow(() -> new NoVoiceException("engine " + engine.key() + " is not available: " + missing.get(engine)));
    }

    /**
     * @param language {@code en}, {@code ar} or {@code fr}
     * @return every voice for the language over all found engines, in engine order
     */
    public List<Voice> voices(String language) {
        return available.stream().flatMap(s -> s.voices().stream()).filter(v -> v.language().equals(language)).toList();
    }

    /**
     * @param language language code
     * @return the voices, never empty
     * @throws NoVoiceException naming the engines found and what to install when there are none
     */
    public List<Voice> requireVoices(String language) {
        List<Voice> v = voices(language);
        if (v.isEmpty()) {
            throw new NoVoiceException("no text-to-speech voice for language '" + language + "'; engines found: "
                    + available.stream().map(s -> s.engine().key()).toList() + "; missing: " + missing.entrySet().stream()
                    .map(en -> en.getKey().key() + " (" + en.getValue() + ")").collect(Collectors.joining("; ")));
        }
        return v;
    }

    /**
     * @param voice a voice
     * @return the driver that offers it
     * @throws NoVoiceException when no found engine offers it
     */
    public SpeechSynthesizer driverFor(Voice voice) {
        return available.stream().filter(s -> s.voices().contains(voice)).findFirst()
                .orElseThrow(() -> new NoVoiceException("voice " + voice.id() + " is not offered by any found engine; found: "
                        + available.stream().flatMap(s -> s.voices().stream()).map(Voice::id).toList()));
    }

    /** @return a human-readable report: one line per engine with its voices or what is missing */
    public String report() {
        StringBuilder sb = new StringBuilder();
        for (Engine e : Engine.values()) {
            sb.append(e.key()).append(": ");
            if (has(e)) {
                sb.append("found, voices ").append(driver(e).voices().stream().map(v -> v.name() + "(" + v.language() + ")").toList());
            } else {
                sb.append(missing.get(e));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
