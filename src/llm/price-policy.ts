import type { ModelPrice } from '../domain/budget.ts';
import { priceFor } from './prices.ts';

/** A configured price: USD per million tokens, or `{ free: true }` for a model that bills nothing. */
export type PriceSetting = ModelPrice | { free: true };

/** Configured prices by resolved model name (`provider:model`). */
export type PriceSettings = Readonly<Record<string, PriceSetting>>;

/** A paid provider's model with no known price: calling it would spend money the ledger could not count. */
export class UnpricedModelError extends Error {
  override readonly name = 'UnpricedModelError';
  readonly model: string;

  constructor(model: string) {
    super(
      `model "${model}" has no known price, so its spending cannot be counted against the budget; ` +
        `give it one in the template (company.prices: { "${model}": { inputPerMillion: …, outputPerMillion: … } } ` +
        `or { free: true }) or in SYNTHORG_MODEL_PRICES="${model}=<input>/<output>" (USD per million tokens) or "${model}=free"`,
    );
    this.model = model;
  }
}

const free: ModelPrice = { inputPerMillion: 0, outputPerMillion: 0 };

/**
 * The price a call of `model` is charged at: the company template's setting first, then the
 * environment's (SYNTHORG_MODEL_PRICES), then the built-in table. A model none of them prices is
 * refused rather than recorded at $0.
 */
export function resolvePrice(model: string, ...settings: (PriceSettings | undefined)[]): ModelPrice {
  for (const setting of settings) {
    const configured = setting?.[model];
    if (configured !== undefined) return 'free' in configured ? free : configured;
  }
  const listed = priceFor(model);
  if (!listed.known) throw new UnpricedModelError(model);
  return listed.price;
}
