/**
 * The emoji speech corpus: pictures from the Google, Twitter and Fluent 3D emoji sets (npm
 * packages, cached by {@link org.speaktheart.data.emoji.PackageStore}), English, Arabic and French names and
 * keywords from Unicode CLDR, captions with colours measured from the pixels, speech from the
 * installed engines, and splits whose test and val speech come from unheard voices describing
 * pictures in an unseen art style. Entry point: {@link org.speaktheart.data.emoji.EmojiCorpus#build}.
 */
package org.speaktheart.data.emoji;
