// FNV-1a, a stable 32-bit hash: checkpoint checksums and the derived dataset splits use it.

/** FNV-1a 32-bit hash of bytes, as an unsigned integer (the same on every platform). */
export function fnv1a32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h;
}
