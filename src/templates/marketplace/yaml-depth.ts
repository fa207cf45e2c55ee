import { isMap, isPair, isSeq, parseDocument } from 'yaml';

/**
 * Nesting a template needs: `agents[3].skills[0].proficiency` is four levels. Shared templates come
 * from strangers, and deeply nested YAML makes every later walk over it slow; 16 leaves room.
 */
export const maxYamlDepth = 16;

/** The deepest nesting of maps and sequences in the YAML text, not following aliases (counted apart, by the loader). */
export function yamlDepth(text: string): number {
  const document = parseDocument(text, { merge: true });
  let deepest = 0;
  // An explicit stack: a recursive walk would itself be what a hostile file overflows.
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      const level = depth + 1;
      deepest = Math.max(deepest, level);
      if (deepest > maxYamlDepth) return deepest;
      for (const item of node.items) {
        if (isPair(item)) stack.push({ node: item.value, depth: level }, { node: item.key, depth: level });
        else stack.push({ node: item, depth: level });
      }
    }
  }
  return deepest;
}
