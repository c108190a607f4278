/** A site whose CrystalNN fingerprint cannot be computed (the crystal then counts as invalid, metrics-spec §4). */
export class FingerprintError extends Error {
  override name = "FingerprintError";
  constructor(
    /** Index of the failing site in the structure. */
    readonly site: number,
    readonly reason: string,
  ) {
    super(`CrystalNN fingerprint failed at site ${site}: ${reason}`);
  }
}
