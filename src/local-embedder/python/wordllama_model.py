"""WordLlama (MIT, PyPI `wordllama`): a table of static token embeddings distilled from an LLM's
input embeddings (l2_supercat: 32,000 tokens x 256 dimensions, trained Matryoshka-style so the first
64 or 128 dimensions are an embedding too). A text's embedding is the mean of its tokens' rows,
truncated to the model's dimensions and scaled to unit length. Each text is embedded on its own, so
its vector does not depend on the batch it came in.

The weights and the tokenizer are read from the files the wheel bundles; nothing is downloaded.
(`WordLlama.load(disable_download=True)` looks for the tokenizer in a `tokenizer/` directory while
the wheel ships `tokenizers/`, so it cannot load the bundled files; they are opened here directly.)
"""

import os

import numpy as np
import wordllama
from safetensors import safe_open
from tokenizers import Tokenizer

PACKAGE = os.path.dirname(wordllama.__file__)
WEIGHTS = os.path.join(PACKAGE, "weights", "l2_supercat_256.safetensors")
TOKENIZER = os.path.join(PACKAGE, "tokenizers", "l2_supercat_tokenizer_config.json")
# The Matryoshka prefixes l2_supercat was trained with, up to the bundled 256.
MODELS = {"wordllama-256": 256, "wordllama-128": 128, "wordllama-64": 64}


class Model:
    def __init__(self):
        with safe_open(WEIGHTS, framework="np", device="cpu") as weights:
            self.table = np.ascontiguousarray(weights.get_tensor("embedding.weight").astype(np.float32))
        self.tokenizer = Tokenizer.from_file(TOKENIZER)
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()

    def embed(self, texts, dimensions):
        """Unit vectors (float32, `dimensions` wide) and the number of tokens read."""
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        vectors = np.zeros((len(texts), dimensions), dtype=np.float32)
        tokens = 0
        last = self.table.shape[0] - 1
        for row, encoding in enumerate(encodings):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, last)
            tokens += len(ids)
            if len(ids) == 0:
                continue  # no tokens (empty text): the zero vector, as the offline embedder gives
            mean = self.table[ids, :dimensions].astype(np.float64).mean(axis=0)
            norm = np.linalg.norm(mean)
            if norm > 0:
                vectors[row] = (mean / norm).astype(np.float32)
        return vectors, tokens
