/**
 * Postings: ascending lists of article ordinals (ascending is newest first), as the
 * index keeps them per tag. A tag combination's articles are the intersection (all of
 * the tags) or the union (any of them) of its tags' postings; both walk the lists
 * they are given and nothing else, so their cost is bounded by those postings.
 */

/** The first index in [from, length) for which `below` is false, `below` being true on a prefix. */
export function lowerBound(length: number, below: (index: number) => boolean, from = 0): number {
  let low = from;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (below(mid)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Where `value` is in an ascending list, or -1. */
export function indexOfSorted(list: ArrayLike<number>, value: number): number {
  const at = lowerBound(list.length, (i) => (list[i] ?? Infinity) < value);
  return list[at] === value ? at : -1;
}

/**
 * The values every list holds, ascending. Each value of the shortest list is searched
 * for in the others from where the last search ended, so a short list against a
 * long one costs little more than the short one.
 */
export function intersect(lists: readonly ArrayLike<number>[]): number[] {
  const [shortest, ...others] = [...lists].sort((a, b) => a.length - b.length);
  if (!shortest) return [];
  const cursors = others.map(() => 0);
  const common: number[] = [];
  for (let i = 0; i < shortest.length; i++) {
    const value = shortest[i] ?? 0;
    const inAll = others.every((list, k) => {
      const at = lowerBound(list.length, (j) => (list[j] ?? Infinity) < value, cursors[k]);
      cursors[k] = at;
      return list[at] === value;
    });
    if (inAll) common.push(value);
  }
  return common;
}

/** The values any list holds, ascending, each once. */
export function union(lists: readonly ArrayLike<number>[]): number[] {
  return lists.reduce<number[]>((merged, list) => mergeTwo(merged, list), []);
}

function mergeTwo(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? (a[i] ?? Infinity) : Infinity;
    const y = j < b.length ? (b[j] ?? Infinity) : Infinity;
    const next = Math.min(x, y);
    if (x === next) i++;
    if (y === next) j++;
    merged.push(next);
  }
  return merged;
}
