package org.speaktheart.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.TargetDataLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speaktheart.audio.AudioClip;
import org.speaktheart.audio.capture.PlaybackCaptureLine;
import org.speaktheart.audio.io.AudioDecoder;
import org.speaktheart.data.manifest.Manifest;
import org.speaktheart.data.manifest.ManifestRecord;
import org.speaktheart.data.manifest.Split;
import org.speaktheart.data.shapes.ShapesCorpus;
import org.speaktheart.data.tts.Engine;
import org.speaktheart.data.tts.NoVoiceException;
import org.speaktheart.data.tts.Voice;
import org.speaktheart.pipeline.GenerationOptions;
import org.speaktheart.pipeline.GenerationResult;
import org.speaktheart.pipeline.SpeechToImagePipeline;
import org.speaktheart.pipeline.bundle.ModelBundle;
import org.speaktheart.pipeline.recipe.ConditionMix;
import org.speaktheart.pipeline.recipe.DenoiserOptions;
import org.speaktheart.pipeline.recipe.EncoderOptions;
import org.speaktheart.pipeline.recipe.RecipeConfig;
import org.speaktheart.pipeline.recipe.TeacherOptions;
import org.speaktheart.pipeline.recipe.TokenizerOptions;
import org.speaktheart.pipeline.recipe.TrainRecipe;
import picocli.CommandLine;

/**
 * {@code sta say} and {@code sta listen} on a tiny English bundle trained here by the recipe (tiny
 * models, a few steps: the images are not meant to be good, only produced by the real pipeline).
 */
class SayListenCommandTest {
    @TempDir
    static Path dir;
    private static Manifest corpus;
    private static Path bundle;

    @BeforeAll
    static void tinyBundle() {
        corpus = ShapesCorpus.tiny(dir.resolve("corpus"), true);
        RecipeConfig c = RecipeConfig.builder(corpus.file(), dir.resolve("work")).languages(List.of("en")).seed(2)
                .tokenizer(new TokenizerOptions(32, 16, 8, 8, 10, 4, 2e-3))
                .teacher(new TeacherOptions(32, 8, 5, 4, 1e-3))
                .encoder(new EncoderOptions(32, 1, 2, 5, 4, 1e-3, 0))
                .denoiser(DenoiserOptions.builder().width(32).depth(1).heads(2).diffusionSteps(4).steps(5)
                        .batchSize(4).learningRate(1e-3).emaDecay(0)
                        .mix(ConditionMix.defaults()).build())
                .build();
        bundle = TrainRecipe.run(c, line -> { }).bundle();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run sta(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = StaCommand.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void saysTextWithEspeakAndGeneratesTheSameImageAsTheSpeechFile() throws Exception {
        Path png = dir.resolve("say.png");
        Path wav = dir.resolve("say.wav");
        Run r = sta("say", "--bundle", bundle.toString(), "--text", "a red circle", "--language", "en",
                "--voice", "espeak-ng/en-us", "--out", png.toString(), "--speech-out", wav.toString(), "--seed", "7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("espeak-ng/en-us"), r.out());
        BufferedImage said = ImageIO.read(png.toFile());
        assertEquals(32, said.getWidth());
        AudioClip speech = AudioDecoder.standard().decode(wav);
        assertTrue(speech.durationSeconds() > 0.3, "espeak-ng spoke: " + speech.durationSeconds() + " s");
        // the same speech through the pipeline with the same seed gives the same image
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(bundle)).build()) {
            GenerationResult g = p.generate(wav, GenerationOptions.builder().seed(7).language("en").build());
            assertTrue(same(said, g.image()));
        }
    }

    @Test
    void sayRefusesAVoiceThatIsNotInstalledAndListsTheInstalledOnes() {
        Run r = sta("say", "--bundle", bundle.toString(), "--text", "a red circle", "--voice", "no-such-voice",
                "--out", dir.resolve("x.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no-such-voice") && r.err().contains("espeak-ng/en-us"), r.err());
        assertFalse(Files.exists(dir.resolve("x.png")));

        List<Voice> installed = List.of(new Voice(Engine.ESPEAK_NG, "en-us", "en"), new Voice(Engine.ESPEAK_NG, "ar", "ar"));
        assertEquals(installed.get(0), SayCommand.chooseVoice(installed, "en", null));
        assertEquals(installed.get(0), SayCommand.chooseVoice(installed, "en", "en-us"));
        assertEquals(installed.get(1), SayCommand.chooseVoice(installed, "ar", "espeak-ng/ar"));
        NoVoiceException e = assertThrows(NoVoiceException.class, () -> SayCommand.chooseVoice(installed, "fr", null));
        assertTrue(e.getMessage().contains("'fr'") && e.getMessage().contains("espeak-ng/en-us (en), espeak-ng/ar (ar)"),
                e.getMessage());
        e = assertThrows(NoVoiceException.class, () -> SayCommand.chooseVoice(installed, "en", "espeak-ng/ar"));
        assertTrue(e.getMessage().contains("installed 'en' voices: espeak-ng/en-us (en)"), e.getMessage());
    }

    @Test
    void sayRefusesALanguageTheBundleDoesNotServe() {
        Run r = sta("say", "--bundle", bundle.toString(), "--text", "دائرة حمراء", "--language", "ar",
                "--out", dir.resolve("ar.png").toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("ar"), r.err());
        assertFalse(Files.exists(dir.resolve("ar.png")));
    }

    private static boolean hasCaptureDevice() {
        return AudioSystem.isLineSupported(new DataLine.Info(TargetDataLine.class, new AudioFormat(16_000, 16, 1, true, false)));
    }

    @Test
    void listenWithoutAMicrophoneIsARefusalWithExitCode1() {
        assumeTrue(!hasCaptureDevice(), "this machine has an audio capture device, so there is no missing-device error to see");
        Path png = dir.resolve("listen.png");
        Run r = sta("listen", "--bundle", bundle.toString(), "--seconds", "4", "--out", png.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("needs a microphone") && r.err().contains("no default audio input"), r.err());
        assertFalse(Files.exists(png));
        assertEquals(2, sta("listen", "--bundle", bundle.toString(), "--seconds", "0", "--out", png.toString()).code());
    }

    @Test
    void listenGeneratesFromWhatTheLineDelivers() {
        ManifestRecord test = corpus.records().stream().filter(x -> x.split() == Split.TEST && x.hasAudio()
                && x.language().equals("en")).findFirst().orElseThrow();
        AudioClip clip = AudioDecoder.standard().decode(corpus.resolve(test.audioPath()));
        ListenCommand command = new ListenCommand();
        new CommandLine(command).parseArgs("--bundle", bundle.toString(), "--seconds", "4", "--out",
                dir.resolve("line.png").toString(), "--seed", "3", "--language", "en");
        try (SpeechToImagePipeline p = SpeechToImagePipeline.builder(ModelBundle.open(bundle)).build()) {
            GenerationResult heard = command.listen(p, new PlaybackCaptureLine(clip));
            GenerationResult direct = p.generate(clip, GenerationOptions.builder().seed(3).language("en").build());
            assertEquals(3, heard.seed());
            assertEquals(32, heard.image().getHeight());
            // the recorder keeps the whole utterance at 16 kHz, so the embedding equals the file's
            float[] a = heard.embedding().vector();
            float[] b = direct.embedding().vector();
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 1e-4, "embedding[" + i + "]");
            }
        }
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }
}
