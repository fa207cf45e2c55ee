/**
 * A `local:` model cannot run here: no Python with pip, an unknown bundled model, a GGUF path that
 * is not a file, or a server that would not start. Permanent until the machine or the name changes.
 */
export class LocalModelError extends Error {
  override readonly name = 'LocalModelError';
}
