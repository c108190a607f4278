// Copies of strings that are safe to keep in a long-lived cache.

/**
 * A flat copy of `s` that shares no memory with the text it was cut from. V8 represents a slice of 13 or more
 * characters as a view into its parent string, so caching the slice itself would keep a whole CIF — or a whole
 * dataset CSV the CIF was cut from — alive for the life of the process.
 */
export function detachedString(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
