package org.speaktheart.data.emoji;

/**
 * The npm packages the emoji corpus is built from, pinned by version, with their licences. The
 * Apple and Facebook art sets have no usable licence and are never used.
 */
public enum EmojiPackage {
    /** Google Noto emoji, 64 px PNG, and the emoji metadata {@code emoji.json}. */
    GOOGLE("emoji-datasource-google", "16.0.0", "Apache-2.0 (images), MIT (emoji.json)", "Noto Emoji images by Google (Apache-2.0); emoji metadata by Cal Henderson (emoji-datasource, MIT)"),
    /** Twitter Twemoji, 64 px PNG. */
    TWITTER("emoji-datasource-twitter", "16.0.0", "CC-BY-4.0 (images), MIT (package)", "Twemoji graphics by Twitter, Inc. and other contributors, licensed CC-BY 4.0; packaged by emoji-datasource (MIT)"),
    /** Microsoft Fluent Emoji 3D, 256 px WebP. */
    FLUENT_3D("@lobehub/fluent-emoji-3d", "1.1.0", "MIT", "Fluent Emoji by Microsoft (MIT), packaged by LobeHub"),
    /** CLDR emoji names and keywords. */
    CLDR("cldr-annotations-full", "48.2.0", "Unicode-3.0", "Unicode CLDR annotations, Unicode License v3"),
    /** CLDR derived annotations (sequences). */
    CLDR_DERIVED("cldr-annotations-derived-full", "48.2.0", "Unicode-3.0", "Unicode CLDR derived annotations, Unicode License v3");

    private final String npmName;
    private final String version;
    private final String licence;
    private final String attribution;

    EmojiPackage(String npmName, String version, String licence, String attribution) {
        this.npmName = npmName;
        this.version = version;
        this.licence = licence;
        this.attribution = attribution;
    }

    /** @return npm package name */
    public String npmName() {
        return npmName;
    }

    /** @return pinned version */
    public String version() {
        return version;
    }

    /** @return {@code name@version} as given to {@code npm pack} */
    public String spec() {
        return npmName + "@" + version;
    }

    /** @return the file name {@code npm pack} writes, e.g. {@code lobehub-fluent-emoji-3d-1.1.0.tgz} */
    public String tarballName() {
        return npmName.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
    }

    /** @return directory name of the unpacked files in the cache, e.g. {@code emoji-datasource-google-16.0.0} */
    public String unpackedName() {
        return tarballName().substring(0, tarballName().length() - 4);
    }

    /** @return licence(s), SPDX ids */
    public String licence() {
        return licence;
    }

    /** @return attribution text for the dataset card */
    public String attribution() {
        return attribution;
    }
}
