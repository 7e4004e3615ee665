/**
 * Readers that turn the public spoken-caption corpora into manifest records: CUB-200-2011 and
 * Oxford-102 with the S2IGAN spoken captions, Flickr8k with the Flickr Audio Caption Corpus, and
 * SpokenCOCO. None of them downloads anything; each class says where the corpus is obtained and
 * which layout it expects.
 */
package org.speaktheart.data.corpora;
