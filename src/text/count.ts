/** A count with its noun in the right number ("1 error", "3 errors"), for messages and pages. */
export function counted(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
