package org.speaktheart.data.tts;

import java.util.List;

/**
 * The supported text-to-speech engines, the executables each needs on the {@code PATH}, and the
 * Debian packages that provide them.
 */
public enum Engine {
    /** eSpeak NG, formant synthesis, many accents; Debian {@code espeak-ng}. */
    ESPEAK_NG("espeak-ng", List.of("espeak-ng"), "espeak-ng"),
    /** MBROLA diphone voices driven by eSpeak NG phonemes; Debian {@code mbrola mbrola-us1 ... mbrola-ar2 mbrola-fr1 ... mbrola-fr7} (contrib/non-free). */
    MBROLA("mbrola", List.of("espeak-ng", "mbrola"), "espeak-ng mbrola mbrola-us1 mbrola-us2 mbrola-us3 mbrola-en1 mbrola-ar1 mbrola-ar2"
            + " mbrola-fr1 mbrola-fr2 mbrola-fr3 mbrola-fr4 mbrola-fr5 mbrola-fr6 mbrola-fr7"),
    /** SVOX Pico; Debian {@code libttspico-utils} (non-free). */
    PICO("pico", List.of("pico2wave"), "libttspico-utils"),
    /** CMU Flite; Debian {@code flite}. */
    FLITE("flite", List.of("flite"), "flite"),
    /** Festival with the kal diphone voice; Debian {@code festival festvox-kallpc16k}. */
    FESTIVAL("festival", List.of("text2wave"), "festival festvox-kallpc16k");

    private final String key;
    private final List<String> executables;
    private final String debianPackages;

    Engine(String key, List<String> executables, String debianPackages) {
        this.key = key;
        this.executables = executables;
        this.debianPackages = debianPackages;
    }

    /** @return short name used in voice ids, e.g. {@code espeak-ng} */
    public String key() {
        return key;
    }

    /** @return executables the engine needs (besides {@code sox}, which all drivers use) */
    public List<String> executables() {
        return executables;
    }

    /**
     * @param key an engine key as in voice ids, e.g. {@code festival}
     * @return the engine
     * @throws SynthesisException naming the accepted keys when none matches
     */
    public static Engine fromKey(String key) {
        for (Engine e : values()) {
            if (e.key.equals(key)) {
                return e;
            }
        }
        throw new SynthesisException("unknown text-to-speech engine '" + key + "'; accepted: "
                + java.util.Arrays.stream(values()).map(Engine::key).toList());
    }

    /** @return Debian packages that provide it */
    public String debianPackages() {
        return debianPackages;
    }
}
