/** Money is kept in integer micro-dollars inside arithmetic so sums do not drift. */
export function toMicros(usd: number): number {
  return Math.round(usd * 1_000_000);
}

export function fromMicros(micros: number): number {
  return micros / 1_000_000;
}

export function addUsd(...amounts: number[]): number {
  return fromMicros(amounts.reduce((sum, amount) => sum + toMicros(amount), 0));
}

/** The hard ceiling: no new model call starts once spending has reached the limit. */
export function isOverBudget(spentUsd: number, limitUsd: number): boolean {
  return toMicros(spentUsd) >= toMicros(limitUsd);
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelPrice {
  /** USD per million input tokens. */
  inputPerMillion: number;
  /** USD per million output tokens. */
  outputPerMillion: number;
}

export function costOf(usage: TokenUsage, price: ModelPrice): number {
  return fromMicros(
    Math.round(usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion),
  );
}
