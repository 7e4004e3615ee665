package org.speaktheart.data.emoji;

import java.util.Locale;

/** The art styles (image sets) of the emoji corpus and where each keeps its pictures. */
public enum EmojiStyle {
    /** Google Noto, 64 px PNG. */
    GOOGLE(EmojiPackage.GOOGLE),
    /** Twitter Twemoji, 64 px PNG. */
    TWITTER(EmojiPackage.TWITTER),
    /** Microsoft Fluent 3D, 256 px WebP. */
    FLUENT_3D(EmojiPackage.FLUENT_3D);

    private final EmojiPackage pkg;

    EmojiStyle(EmojiPackage pkg) {
        this.pkg = pkg;
    }

    /** @return the package holding the pictures */
    public EmojiPackage pkg() {
        return pkg;
    }

    /** @return manifest spelling, e.g. {@code fluent-3d} */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param c concept
     * @return path of its picture inside {@link #pkg()}
     */
    public String imagePath(EmojiConcept c) {
        switch (this) {
            case GOOGLE:
                return "img/google/64/" + c.image();
            case TWITTER:
                return "img/twitter/64/" + c.image();
            case FLUENT_3D:
                return "assets/" + c.baseName() + ".webp";
            default:
                throw new IllegalStateException("unhandled style " + this);
        }
    }
}
