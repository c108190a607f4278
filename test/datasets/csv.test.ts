import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CsvParser, type CsvRecord, parseCsvText, readCsvRecords } from "../../src/datasets/csv.js";

async function collect(chunks: (string | Uint8Array)[]): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(Readable.from(chunks))) out.push(r);
  return out;
}

describe("readCsvRecords (RFC 4180)", () => {
  it("splits plain fields and keeps empty ones", () => {
    expect(parseCsvText("a,b,c\n1,,3\n,,\n").map((r) => r.fields)).toEqual([["a", "b", "c"], ["1", "", "3"], ["", "", ""]]);
  });

  it("reads quoted fields spanning lines, doubled quotes, commas inside quotes, and reports start lines", () => {
    const recs = parseCsvText('id,text\n1,"line one\nline ""two"", end"\n2,x\n');
    expect(recs.map((r) => r.fields)).toEqual([["id", "text"], ["1", 'line one\nline "two", end'], ["2", "x"]]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(recs.every((r) => r.error === undefined)).toBe(true);
  });

  it("accepts CRLF line ends (also inside quoted fields) and strips a BOM", () => {
    const recs = parseCsvText('\ufeffa,b\r\n"x\r\ny",2\r\n');
    expect(recs.map((r) => r.fields)).toEqual([["a", "b"], ["x\r\ny", "2"]]);
  });

  it("gives the same records whatever the chunk boundaries (split inside quotes, escapes and CRLF)", () => {
    const text = 'h1,h2\r\n"a ""q"" b",c\r\n"multi\nline",""\r\nlast,"x"';
    const whole = parseCsvText(text);
    for (let cut = 1; cut < text.length; cut++) {
      const p = new CsvParser();
      const out: CsvRecord[] = [];
      p.push(text.slice(0, cut), out);
      p.push(text.slice(cut), out);
      p.end(out);
      expect(out).toEqual(whole);
    }
    expect(whole.map((r) => r.fields)).toEqual([["h1", "h2"], ['a "q" b', "c"], ["multi\nline", ""], ["last", "x"]]);
  });

  it("reads the last record without a trailing newline and skips blank lines", () => {
    expect(parseCsvText("a\n\n1\n2").map((r) => r.fields)).toEqual([["a"], ["1"], ["2"]]);
  });

  it("flags an unterminated quote (a truncated file) with the line the quote opened on", () => {
    const recs = parseCsvText('a,b\n1,"open\nstill open\n');
    expect(recs[1]!.line).toBe(2);
    expect(recs[1]!.error).toMatch(/opened on line 2 is never closed/);
  });

  it("flags text after a closing quote and a quote inside an unquoted field", () => {
    expect(parseCsvText('a\n"x"y\n')[1]!.error).toMatch(/after the closing quote/);
    expect(parseCsvText('a\nx"y\n')[1]!.error).toMatch(/quote character inside an unquoted field/);
  });

  it("decodes UTF-8 split across byte chunks", async () => {
    const bytes = new TextEncoder().encode("name\nÅngström\n");
    const recs = await collect([bytes.slice(0, 6), bytes.slice(6, 7), bytes.slice(7)]);
    expect(recs.map((r) => r.fields)).toEqual([["name"], ["Ångström"]]);
  });

  it("reads a gzipped stream through zlib", async () => {
    const { createGunzip } = await import("node:zlib");
    const gz = gzipSync(Buffer.from('x,y\n1,"2\n3"\n'));
    const out: CsvRecord[] = [];
    for await (const r of readCsvRecords(Readable.from([gz]).pipe(createGunzip()))) out.push(r);
    expect(out.map((r) => r.fields)).toEqual([["x", "y"], ["1", "2\n3"]]);
  });
});
