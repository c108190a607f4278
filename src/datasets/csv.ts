import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** One CSV record: its fields, the 1-based line where it starts, and a framing problem if it has one. */
export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line number of the record's first character. */
  readonly line: number;
  /** Set when the record breaks RFC 4180 (unterminated quote, text after a closing quote, quote in an unquoted field). */
  readonly error?: string;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterCr,
}

/** Incremental RFC 4180 parser: feed text chunks with push(), then end(). Records are appended to `out`. */
export class CsvParser {
  private fields: string[] = [];
  private field = "";
  private state = State.FieldStart;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 0;
  private touched = false;
  private error: string | undefined;
  private first = true;
  private static readonly special = /[,\r\n"]/g;

  /** Parses one chunk of text (any split point, even inside a field or a CRLF). */
  push(chunk: string, out: CsvRecord[]): void {
    let i = 0;
    if (this.first) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case State.AfterCr:
          if (chunk.charCodeAt(i) === LF) i++;
          this.state = State.FieldStart;
          break;
        case State.FieldStart:
          if (chunk.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.touched = true;
            i++;
          } else this.state = State.Unquoted;
          break;
        case State.Unquoted: {
          const re = CsvParser.special;
          re.lastIndex = i;
          const m = re.exec(chunk);
          if (!m) {
            this.field += chunk.slice(i);
            if (i < n) this.touched = true;
            i = n;
            break;
          }
          const j = m.index;
          if (j > i) {
            this.field += chunk.slice(i, j);
            this.touched = true;
          }
          const c = chunk.charCodeAt(j);
          i = j + 1;
          if (c === COMMA) this.endField();
          else if (c === LF) {
            this.endRecord(out);
            this.line++;
          } else if (c === CR) {
            this.endRecord(out);
            this.line++;
            this.state = State.AfterCr;
          } else {
            this.error ??= `line ${this.line}: quote character inside an unquoted field`;
            this.field += '"';
            this.touched = true;
          }
          break;
        }
        case State.Quoted: {
          const j = chunk.indexOf('"', i);
          const end = j < 0 ? n : j;
          this.field += chunk.slice(i, end);
          for (let k = chunk.indexOf("\n", i); k >= 0 && k < end; k = chunk.indexOf("\n", k + 1)) this.line++;
          if (j < 0) i = n;
          else {
            this.state = State.QuoteInQuoted;
            i = j + 1;
          }
          break;
        }
        case State.QuoteInQuoted: {
          const c = chunk.charCodeAt(i);
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            i++;
          } else if (c === COMMA) {
            this.endField();
            i++;
          } else if (c === LF || c === CR) {
            this.endRecord(out);
            this.line++;
            this.state = c === CR ? State.AfterCr : State.FieldStart;
            i++;
          } else {
            this.error ??= `line ${this.line}: text after the closing quote of a field`;
            this.state = State.Unquoted;
          }
          break;
        }
      }
    }
  }

  /** Flushes the last record (a file need not end with a newline); reports an unterminated quote. */
  end(out: CsvRecord[]): void {
    if (this.state === State.Quoted) this.error ??= `quoted field opened on line ${this.quoteLine} is never closed (file truncated?)`;
    if (this.touched || this.fields.length > 0) this.endRecord(out);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = "";
    this.touched = true;
    this.state = State.FieldStart;
  }

  private endRecord(out: CsvRecord[]): void {
    if (this.touched || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push(this.error ? { fields: this.fields, line: this.recordLine, error: this.error } : { fields: this.fields, line: this.recordLine });
    }
    this.fields = [];
    this.field = "";
    this.touched = false;
    this.error = undefined;
    this.state = State.FieldStart;
    this.recordLine = this.line + 1;
  }
}

/** Parses a whole CSV text (for tests and small in-memory tables). */
export function parseCsvText(text: string): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  parser.push(text, out);
  parser.end(out);
  return out;
}

/**
 * Streams the records of a CSV (RFC 4180: quoted fields across lines, "" escapes, CRLF or LF, optional BOM).
 * `input` is a Node byte or text stream, or any async iterable of chunks (UTF-8).
 */
export async function* readCsvRecords(input: Readable | AsyncIterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  const decoder = new TextDecoder("utf-8");
  let out: CsvRecord[] = [];
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    parser.push(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }), out);
    if (out.length) {
      yield* out;
      out = [];
    }
  }
  const tail = decoder.decode();
  if (tail) parser.push(tail, out);
  parser.end(out);
  yield* out;
}

/** Digests of a file's stored bytes: sha256 and the git blob id (sha1 of "blob <size>\0" + bytes), both lowercase hex. */
export interface FileDigests {
  readonly sha256: string;
  readonly gitBlob: string;
  readonly bytes: number;
}

/** A file opened for CSV reading: its byte stream (gunzipped for .gz), its size, and the digests of the stored bytes. */
export interface CsvFileStream {
  readonly stream: Readable;
  /** Size of the file as stored (bytes). */
  readonly bytes: number;
  /** Resolves once the whole file has been read (compressed bytes for .gz). */
  readonly digests: Promise<FileDigests>;
  /** Bytes of the stored file read so far. */
  bytesRead(): number;
  /** Stops reading and closes the file (for a reader that stops early). */
  close(): void;
}

/** Opens a .csv or .csv.gz file as a decompressed byte stream while hashing the stored bytes. */
export function openCsvFile(path: string): CsvFileStream {
  const bytes = statSync(path).size;
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const sha = createHash("sha256");
  const blob = createHash("sha1").update(`blob ${bytes}\0`);
  let read = 0;
  raw.on("data", (b: Buffer | string) => {
    sha.update(b);
    blob.update(b);
    read += b.length;
  });
  const digests = new Promise<FileDigests>((resolve, reject) => {
    raw.on("end", () => resolve({ sha256: sha.digest("hex"), gitBlob: blob.digest("hex"), bytes: read }));
    raw.on("error", reject);
  });
  digests.catch(() => undefined);
  const stream = path.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  if (stream !== raw) raw.on("error", (e) => stream.destroy(e));
  const close = () => {
    stream.destroy();
    raw.destroy();
  };
  return { stream, bytes, digests, bytesRead: () => read, close };
}

/** One CSV field as RFC 4180 text: quoted when it holds a comma, quote, CR or LF (quotes doubled); null/undefined → empty. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "boolean" ? (value ? "True" : "False") : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text (LF line ends, trailing newline) of named columns of equal length; booleans as True/False like pandas. */
export function formatCsv(names: readonly string[], columns: readonly ArrayLike<unknown>[]): string {
  const rows = columns.length ? columns[0]!.length : 0;
  const out: string[] = [names.map(csvField).join(",")];
  for (let r = 0; r < rows; r++) out.push(columns.map((c) => csvField(c[r])).join(","));
  return `${out.join("\n")}\n`;
}
