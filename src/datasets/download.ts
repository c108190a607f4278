import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { DatasetChecksumError, DatasetError } from "./errors.js";
import type { FileChecksum } from "./registry.js";

/** Result of a verified download: the digests of the bytes written and whether a published checksum was checked. */
export interface DownloadResult {
  readonly path: string;
  readonly sha256: string;
  readonly gitBlob: string;
  readonly bytes: number;
  /** True when a published sha256 or git blob id was compared (and matched); false when none is known. */
  readonly verified: boolean;
}

/**
 * Downloads `url` to `dest` (through a temporary file in the same directory), then checks the bytes against the
 * published sha256 and/or git blob id. On a mismatch the file is deleted and DatasetChecksumError thrown.
 * `onProgress(bytes, totalBytes?)` reports bytes received.
 */
export async function downloadVerified(
  url: string,
  dest: string,
  checksum: Omit<FileChecksum, "copy"> | undefined,
  onProgress?: (done: number, total?: number) => void,
): Promise<DownloadResult> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new DatasetError(`download ${url}: HTTP ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get("content-length")) || undefined;
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.part`;
  const out = createWriteStream(tmp);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      bytes += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      onProgress?.(bytes, total);
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const sha = createHash("sha256");
    const blob = createHash("sha1").update(`blob ${bytes}\0`);
    for (const c of chunks) {
      sha.update(c);
      blob.update(c);
    }
    const sha256 = sha.digest("hex");
    const gitBlob = blob.digest("hex");
    if (checksum?.sha256 && checksum.sha256 !== sha256) throw new DatasetChecksumError(url, checksum.sha256, sha256);
    if (checksum?.gitBlob && checksum.gitBlob !== gitBlob)
      throw new DatasetChecksumError(url, checksum.gitBlob, gitBlob, "git blob");
    renameSync(tmp, dest);
    return { path: dest, sha256, gitBlob, bytes, verified: Boolean(checksum?.sha256 || checksum?.gitBlob) };
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
}
