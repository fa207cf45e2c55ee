/**
 * Explicit cuts: a reader (a reviewer, a parent, an operator) must see that text was left out and
 * how much, never a silently shortened text it would judge as whole.
 */
export function cutText(text: string, limit: number, whereTheRestIs?: string): string {
  if (text.length <= limit) return text;
  const rest = whereTheRestIs ? `; ${whereTheRestIs}` : '';
  return `${text.slice(0, Math.max(0, limit))}\n[… cut: ${text.length - limit} more characters not shown${rest}]`;
}

/** Like cutText, but keeps the end (where a program's output says how it finished). */
export function keepTail(text: string, limit: number, whereTheRestIs?: string): string {
  if (text.length <= limit) return text;
  const rest = whereTheRestIs ? `; ${whereTheRestIs}` : '';
  return `[… cut: ${text.length - limit} earlier characters not shown${rest}]\n${text.slice(text.length - Math.max(0, limit))}`;
}

/**
 * Shares `total` characters among texts so that short ones keep all they have and the rest split
 * what is left evenly (water filling): one long text cannot crowd out its siblings.
 */
export function shareBudget(lengths: readonly number[], total: number): number[] {
  const shares = lengths.map(() => 0);
  const order = lengths.map((length, index) => ({ length, index })).sort((a, b) => a.length - b.length);
  let left = Math.max(0, total);
  order.forEach(({ length, index }, position) => {
    const fair = Math.floor(left / (order.length - position));
    const share = Math.min(length, fair);
    shares[index] = share;
    left -= share;
  });
  return shares;
}
