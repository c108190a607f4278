import * as aq from "arquero";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SymmetryError, latticeFromParameters } from "../../src/crystal/index.js";
import { PUBLISHED_CSP, cspBenchmarkTable, cspRowFromMetrics, deNovoBenchmarkTable } from "../../src/viz/figures/benchmark-table.js";
import { propertyHistograms, scatterMatrix } from "../../src/viz/figures/distributions.js";
import { elementCounts, periodicTableHeatmap, periodicTablePosition } from "../../src/viz/figures/periodic-table.js";
import { rdfFigure } from "../../src/viz/figures/rdf.js";
import { matrixHeatmap, voxelIsosurface } from "../../src/viz/figures/representations.js";
import { spaceGroupHistogram } from "../../src/viz/figures/space-groups.js";
import { decodePng, distinctColors } from "../../src/viz/png.js";
import { formatCell, tableBundle } from "../../src/viz/table-html.js";
import { tokensBundle } from "../../src/viz/tokens-html.js";
import { samplerSweepFigure } from "../../src/viz/figures/sampler-sweep.js";

describe("sampler sweep figure", () => {
  it("draws validity, uniqueness and novelty in % against the setting", () => {
    const fig = samplerSweepFigure([{ value: 0.5, validity: 1, uniqueness: 0.25, novelty: 0 }, { value: 1.5, validity: 0.5, uniqueness: 0.5, novelty: 0.5 }], { setting: "temperature" });
    expect(fig.data.map((t) => (t as { y: number[] }).y)).toEqual([[100, 50], [25, 50], [0, 50]]);
    expect((fig.data[0] as { x: number[] }).x).toEqual([0.5, 1.5]);
  });
});

describe("periodic table layout", () => {
  it("places elements in their group and period, f-block in the two bottom rows", () => {
    expect(periodicTablePosition(1)).toEqual([0, 0]);
    expect(periodicTablePosition(2)).toEqual([0, 17]);
    expect(periodicTablePosition(5)).toEqual([1, 12]); // B, group 13
    expect(periodicTablePosition(26)).toEqual([3, 7]); // Fe, group 8
    expect(periodicTablePosition(57)).toEqual([8, 3]); // La starts the lanthanide row
    expect(periodicTablePosition(71)).toEqual([8, 17]); // Lu ends it
    expect(periodicTablePosition(72)).toEqual([5, 3]); // Hf, group 4
    expect(periodicTablePosition(92)).toEqual([9, 6]); // U (Ac at column 3)
    expect(periodicTablePosition(118)).toEqual([6, 17]); // Og
    const cells = new Set(Array.from({ length: 118 }, (_, i) => periodicTablePosition(i + 1).join(",")));
    expect(cells.size).toBe(118);
  });

  it("counts structures per element and maps them to log10 colours", () => {
    const counts = elementCounts([[8, 8, 22], [8, 38], [26]]);
    expect(counts[8]).toBe(2); // counted once per structure
    expect(counts[22]).toBe(1);
    const z = (periodicTableHeatmap(counts).data[0] as { z: (number | null)[][] }).z;
    expect(z[1]![15]).toBeCloseTo(Math.log10(2), 12); // O
    expect(z[0]![0]).toBeNull(); // H absent
  });
});

describe("space-group histogram", () => {
  it("groups bars by crystal system (the crystal core's space-group table), edges of every system included", () => {
    const numbers = [1, 2, 3, 15, 16, 74, 75, 142, 143, 167, 168, 194, 195, 230, 225, 225, 221, 62];
    const bars = spaceGroupHistogram(numbers).data as unknown as { name: string; x: number[]; y: number[] }[];
    expect(bars.map((b) => [b.name, b.x])).toEqual([
      ["triclinic", [1, 2]], ["monoclinic", [3, 15]], ["orthorhombic", [16, 62, 74]], ["tetragonal", [75, 142]],
      ["trigonal", [143, 167]], ["hexagonal", [168, 194]], ["cubic", [195, 221, 225, 230]],
    ]);
    expect(bars[6]).toMatchObject({ y: [1, 1, 2, 1] });
    expect(spaceGroupHistogram([225, 62]).data.map((b) => (b as { name: string }).name)).toEqual(["orthorhombic", "cubic"]);
    expect(() => spaceGroupHistogram([231])).toThrow(SymmetryError);
  });
});

describe("rdfFigure", () => {
  it("draws the given total g(r) and one line per partial", () => {
    const fig = rdfFigure({ r: [1, 2], total: [0, 1], partials: { "Na-Cl": [0, 2], "Na-Na": [0, 0.5] } });
    expect(fig.data.map((t) => (t as { name: string }).name)).toEqual(["total", "Na-Cl", "Na-Na"]);
    expect(fig.data[1]).toMatchObject({ x: [1, 2], y: [0, 2] });
  });
});

describe("distribution figures", () => {
  it("drops non-finite values from histograms and builds one panel per property", () => {
    const fig = propertyHistograms({ "a (Å)": [1, 2, NaN, null], "b": [3] });
    expect((fig.data[0] as { x: number[] }).x).toEqual([1, 2]);
    expect(fig.data[1]).toMatchObject({ xaxis: "x2", yaxis: "y2" });
    expect(fig.layout).toMatchObject({ grid: { rows: 1, columns: 2 } });
  });

  it("builds a lower-triangle scatter matrix coloured by a property", () => {
    const fig = scatterMatrix({ a: [1, 2], b: [3, NaN] }, { color: [0.5, 1] });
    const t = fig.data[0] as { dimensions: { label: string; values: (number | null)[] }[]; marker: { color: number[] } };
    expect(t.dimensions).toEqual([{ label: "a", values: [1, 2] }, { label: "b", values: [3, null] }]);
    expect(t.marker.color).toEqual([0.5, 1]);
  });
});

describe("representation figures", () => {
  it("reshapes a row-major matrix for a heat map and checks its size", () => {
    const fig = matrixHeatmap([1, 2, 3, 4, 5, 6], 2, 3);
    expect((fig.data[0] as { z: number[][] }).z).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(() => matrixHeatmap([1, 2], 2, 3)).toThrow(RangeError);
    expect((fig.data[0] as { zmid?: number }).zmid).toBe(0);
    expect("zmid" in (matrixHeatmap([0.2, 0.8], 1, 2, { zmid: null }).data[0] as object)).toBe(false); // sequential scale (attention)
  });

  it("resamples a periodic density on a Cartesian grid, zero outside the cell", () => {
    const lattice = latticeFromParameters(2, 2, 2, 90, 90, 90);
    const data = new Float32Array(8).fill(3); // constant density on a 2×2×2 grid
    const fig = voxelIsosurface(lattice, [2, 2, 2], data, { samples: 5 });
    const t = fig.data[0] as { value: number[]; x: number[] };
    expect(t.value).toHaveLength(125);
    t.value.forEach((v) => expect(v).toBeCloseTo(3, 6)); // the cubic cell fills its bounding box
    const hex = voxelIsosurface(latticeFromParameters(2, 2, 2, 90, 90, 120), [2, 2, 2], data, { samples: 5 });
    const hv = (hex.data[0] as { value: number[] }).value;
    expect(hv.some((v) => v === 0)).toBe(true); // box corners outside the oblique cell
    expect(Math.max(...hv)).toBeCloseTo(3, 6);
  });
});

describe("tables", () => {
  it("formats numbers to significant digits, integers in full, noise as zero", () => {
    expect(formatCell(3.14159265)).toBe("3.142");
    expect(formatCell(123456)).toBe("123456");
    expect(formatCell(1.23456e-7)).toBe("1.235e-7");
    expect(formatCell(4.4e-16)).toBe("0");
    expect(formatCell(2.5e7 + 0.5)).toBe("2.500e+7");
    expect(formatCell(null)).toBe("");
    expect(formatCell("x")).toBe("x");
  });

  it("right-aligns numeric columns, limits rows and counts the rest", () => {
    const t = aq.table({ name: ["a", "b", "c"], value: [1.23456, 2, 3] });
    const b = tableBundle(t, { maxRows: 2, caption: "cap" });
    const html = b["text/html"] as string;
    expect(html).toContain('<th style="text-align:right;padding:3px 8px;border-bottom:1px solid #999">value</th>');
    expect(html).toContain(">1.235</td>");
    expect(html).toContain("… 1 more row<");
    expect(html).not.toContain(">3</td>");
    expect(b["text/plain"]).toBe("cap\nname  value\na     1.235\nb         2\n… 1 more rows");
  });

  it("emphasises the rows a predicate picks", () => {
    const html = tableBundle(aq.table({ model: ["CDVAE", "ours"] }), { highlight: (r) => r.model === "ours" })["text/html"] as string;
    expect(html.match(/<tr style="font-weight:600;background:#fff7d6">/g)).toHaveLength(1);
    expect(html).toMatch(/<tr style="font-weight:600;background:#fff7d6"><td[^>]*>ours<\/td>/);
  });

  it("renders tokens as chips with visible whitespace and escaped text", () => {
    const b = tokensBundle(["data_", " ", "<x>", "\n"], { ids: [5, 6, 7, 8] });
    const html = b["text/html"] as string;
    expect(html).toContain(">␣</span>");
    expect(html).toContain("&lt;x&gt;");
    expect(html).toContain('title="id 7"');
    expect(html).toContain("⏎</span><br>");
    expect(b["text/plain"]).toBe("data_ ␣ <x> ⏎");
  });

  it("colours tokens by kind with one colour per kind and a legend", () => {
    const html = tokensBundle(["data_", "Sr", "1", "Ti", "1"], { kinds: ["keyword", "element", "digit", "element", "digit"] })["text/html"] as string;
    const colour = (token: string) => new RegExp(`background:(#[0-9a-f]{6})[^>]*>${token}</span>`).exec(html.slice(html.indexOf("line-height")))![1];
    expect(colour("Sr")).toBe(colour("Ti"));
    expect(colour("Sr")).not.toBe(colour("data_"));
    expect(html.slice(0, html.indexOf("line-height"))).toMatch(/>keyword<.*>element<.*>digit</s);
  });
});

describe("benchmark table", () => {
  it("lists the published DiffCSP Table 1 rows with their source, and ours beside them", () => {
    expect(PUBLISHED_CSP).toHaveLength(16);
    expect(PUBLISHED_CSP.find((r) => r.model === "DiffCSP" && r.dataset === "MP-20" && r.samples === 1)).toMatchObject({ matchRate: 51.49, rmse: 0.0631 });
    const t = cspBenchmarkTable([{ dataset: "Perov-5", model: "ours", samples: 1, matchRate: 40, rmse: 0.1, source: "this workbench" }]);
    expect(t.numRows()).toBe(5); // 4 published Perov-5 rows + ours
    expect(t.array("model")).toEqual(["CDVAE", "DiffCSP", "ours", "CDVAE", "DiffCSP"]);
    expect(t.array("match_rate_95ci")).toEqual(["", "", "", "", ""]);
    const d = deNovoBenchmarkTable([]);
    expect(d.numRows()).toBe(6);
    expect(d.objects()[2]).toMatchObject({ dataset: "Carbon-24", model: "CDVAE", valid_comp_pct: null, cov_p_pct: 83.08 });
  });
});

describe("cspRowFromMetrics", () => {
  it("turns evaluation rows into a benchmark row in %, with the Wilson interval printed beside the rate", () => {
    const rows = [
      { metric: "match_rate@1", value: 0.54, notes: "", n: 100, ci95_low: 0.44264860323368227, ci95_high: 0.6343919169097589 },
      { metric: "rmse@1", value: 0.107, notes: "", n: 54, ci95_low: 0.09, ci95_high: 0.12 },
    ];
    const row = cspRowFromMetrics(rows, 1, { dataset: "Perov-5", model: "ours", source: "test" });
    expect(row).toMatchObject({ samples: 1, matchRate: 54, rmse: 0.107 });
    expect(row.matchRateCi95![0]).toBeCloseTo(44.264860323368227, 10);
    const t = cspBenchmarkTable([row]);
    expect((t.objects() as Record<string, unknown>[]).find((r) => r["model"] === "ours")).toMatchObject({ match_rate_pct: 54, match_rate_95ci: "44.3–63.4" });
    expect(() => cspRowFromMetrics(rows, 20, { dataset: "Perov-5", model: "ours", source: "test" })).toThrow(/no "match_rate@20" row \(have match_rate@1, rmse@1\)/);
  });
});

describe("decodePng", () => {
  it("decodes an RGB PNG with every filter type and counts its colours", () => {
    const width = 3, height = 5;
    const rows: number[] = [];
    for (let y = 0; y < height; y++) {
      rows.push(y); // filter type = row index (0 none, 1 sub, 2 up, 3 average, 4 Paeth), payload raw for type 0 only
      for (let x = 0; x < width; x++) rows.push(y === 0 ? [255, 0, 0][x % 3]! : 0, y === 0 ? 10 * x : 0, 0);
    }
    const chunk = (type: string, body: Uint8Array) => {
      const b = Buffer.alloc(12 + body.length);
      b.writeUInt32BE(body.length, 0);
      b.write(type, 4, "latin1");
      Buffer.from(body).copy(b, 8);
      return b; // CRC not checked by the decoder
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.from(rows))), chunk("IEND", new Uint8Array())]);
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([3, 5]);
    // Row 0 raw: (255,0,0) (0,10,0) (0,20,0). Row 1 "sub" with zero deltas repeats the first pixel's left neighbour (0 → stays 0).
    expect(Array.from(img.data.subarray(0, 12))).toEqual([255, 0, 0, 255, 0, 10, 0, 255, 0, 20, 0, 255]);
    expect(Array.from(img.data.subarray(12, 24))).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
    // Row 2 "up" with zero deltas copies row 1.
    expect(Array.from(img.data.subarray(24, 36))).toEqual([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
    expect(distinctColors(img)).toBe(3); // (0,10,0) and black share a 4-bit bin
    expect(distinctColors(img, 24)).toBe(1); // only pure red spreads its channels by ≥ 24; (0,20,0) spreads 20; black is grey
    expect(() => decodePng(new Uint8Array(10))).toThrow(/not a PNG/);
  });
});
