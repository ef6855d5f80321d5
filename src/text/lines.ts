/**
 * Line numbers of offsets in one text, for messages that name a line. The line starts
 * are found once and each lookup is a binary search, so naming the lines of many
 * places in a long text costs no more than reading it once.
 */

/** A function from an offset of `text` to its 1-based line. */
export function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length;
    // The number of line starts at or before the offset is its line.
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((starts[middle] as number) <= offset) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}
