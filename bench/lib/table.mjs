// The benchmark table as aligned text: name, ours, reference, unit, ratio, note.

const fmt = (v) => (typeof v === "number" ? (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)) : String(v)) : String(v ?? ""));

/** Rows { name, ours, reference, unit, ratio, note } as an aligned table with a header (numbers right-aligned). */
export function formatTable(rows) {
  const header = ["name", "ours", "reference", "unit", "ratio", "note"];
  const table = rows.map((r) => [r.name, fmt(r.ours), fmt(r.reference), r.unit ?? "", fmt(r.ratio), r.note ?? ""]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  const numeric = (i) => i === 1 || i === 2 || i === 4;
  const line = (cells) => cells.map((c, i) => (numeric(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...table.map(line)].join("\n");
}
