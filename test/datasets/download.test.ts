import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadVerified } from "../../src/datasets/download.js";
import { DatasetChecksumError, DatasetError } from "../../src/datasets/errors.js";

const body = readFileSync(join(import.meta.dirname, "fixtures", "crlf-bom.csv"));
const sha256 = createHash("sha256").update(body).digest("hex");
// git blob id: sha1 of "blob <size>\0" + bytes (what `git hash-object` prints).
const gitBlob = createHash("sha1").update(`blob ${body.length}\0`).update(body).digest("hex");

describe("downloadVerified", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/data.csv") {
        res.writeHead(200, { "content-length": body.length });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("saves the file when its sha256 and git blob id match, reporting progress", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-dl-"));
    const progress: [number, number | undefined][] = [];
    const got = await downloadVerified(`${base}/data.csv`, join(dir, "sub", "test.csv"), { sha256, gitBlob }, (d, t) => progress.push([d, t]));
    expect(got).toEqual({ path: join(dir, "sub", "test.csv"), sha256, gitBlob, bytes: body.length, verified: true });
    expect(readFileSync(got.path).equals(body)).toBe(true);
    expect(progress.at(-1)).toEqual([body.length, body.length]);
    expect(readdirSync(join(dir, "sub"))).toEqual(["test.csv"]);
  });

  it("deletes the download and throws DatasetChecksumError when the sha256 or git blob differs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-dl-"));
    const dest = join(dir, "test.csv");
    const bad = "0".repeat(64);
    const e1 = await downloadVerified(`${base}/data.csv`, dest, { sha256: bad }).catch((e) => e);
    expect(e1).toBeInstanceOf(DatasetChecksumError);
    expect(e1.message).toBe(`${base}/data.csv: sha256 ${sha256} does not match the published ${bad}`);
    const e2 = await downloadVerified(`${base}/data.csv`, dest, { gitBlob: "1".repeat(40) }).catch((e) => e);
    expect(e2).toMatchObject({ digest: "git blob", actual: gitBlob });
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("accepts a file with no published checksum but says it is unverified, and reports HTTP errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cw-dl-"));
    expect((await downloadVerified(`${base}/data.csv`, join(dir, "x.csv"), undefined)).verified).toBe(false);
    const e = await downloadVerified(`${base}/missing.csv`, join(dir, "y.csv"), undefined).catch((x) => x);
    expect(e).toBeInstanceOf(DatasetError);
    expect(e.message).toMatch(/HTTP 404/);
  });
});
