/**
 * The parser extractor cannot run here: no Java or Maven, an install Maven could not fetch, or a CoreNLP server that
 * would not start or answer. Permanent until the machine changes; the offline extractor still works.
 */
export class CoreNlpError extends Error {
  override readonly name = 'CoreNlpError';
}
