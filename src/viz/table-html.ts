// Data tables (arquero) as notebook output: an HTML table with numbers right-aligned to a few significant digits,
// a row limit with a "… N more rows" line, and the same as plain text.
import type { ColumnTable } from "arquero";
import { type MimeBundle, escapeHtml } from "./mime-bundle.js";

/** Options of tableBundle. */
export interface TableOptions {
  /** Rows shown (default 20); the rest are counted in a final "… N more rows" line. */
  maxRows?: number;
  /** Significant digits of non-integer numbers (default 4). */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
  /** Rows to emphasise (bold on a light background), e.g. our rows beside published ones. */
  highlight?: (row: Readonly<Record<string, unknown>>) => boolean;
}

/** Formats a cell: integers in full, |x| < 10⁻¹² as 0, other numbers to `digits` significant digits (exponent form when tiny or huge). */
export function formatCell(value: unknown, digits = 4): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
    const abs = Math.abs(value);
    if (abs < 1e-12) return "0"; // floating-point noise (e.g. 4.4e-16 in a lattice matrix) reads as zero
    if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) return value.toExponential(digits - 1);
    return String(Number(value.toPrecision(digits)));
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Column names and the formatted, shown rows of a table, with the count of rows left out. */
function tableCells(table: ColumnTable, options: TableOptions): { names: string[]; numeric: boolean[]; rows: string[][]; marked: boolean[]; more: number } {
  const names = table.columnNames();
  const total = table.numRows();
  const shown = Math.min(total, options.maxRows ?? 20);
  const objects = table.objects({ limit: shown }) as Record<string, unknown>[];
  const numeric = names.map((c) => objects.length > 0 && objects.every((r) => typeof r[c] === "number" || r[c] === null || r[c] === undefined));
  const rows = objects.map((r) => names.map((c) => formatCell(r[c], options.digits ?? 4)));
  const marked = objects.map((r) => options.highlight?.(r) ?? false);
  return { names, numeric, rows, marked, more: total - shown };
}

/** The MIME bundle of an arquero table: `text/html` (styled table) and `text/plain` (aligned columns). */
export function tableBundle(table: ColumnTable, options: TableOptions = {}): MimeBundle {
  const { names, numeric, rows, marked, more } = tableCells(table, options);
  const align = (j: number) => (numeric[j] ? "right" : "left");
  const th = names.map((c, j) => `<th style="text-align:${align(j)};padding:3px 8px;border-bottom:1px solid #999">${escapeHtml(c)}</th>`).join("");
  const body = rows
    .map((r, i) => `<tr${marked[i] ? ' style="font-weight:600;background:#fff7d6"' : ""}>${r.map((v, j) => `<td style="text-align:${align(j)};padding:2px 8px;font-variant-numeric:tabular-nums">${escapeHtml(v)}</td>`).join("")}</tr>`)
    .join("");
  const footer = more > 0 ? `<tr><td colspan="${names.length}" style="color:#666;padding:2px 8px">… ${more} more row${more === 1 ? "" : "s"}</td></tr>` : "";
  const caption = options.caption ? `<caption style="text-align:left;font-weight:600;padding:2px 8px">${escapeHtml(options.caption)}</caption>` : "";
  const html = `<table class="cw-table" style="border-collapse:collapse;font:12px sans-serif">${caption}<thead><tr>${th}</tr></thead><tbody>${body}${footer}</tbody></table>`;
  const widths = names.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) => cells.map((v, j) => (numeric[j] ? v.padStart(widths[j]!) : v.padEnd(widths[j]!))).join("  ");
  const text = [...(options.caption ? [options.caption] : []), line(names), ...rows.map(line), ...(more > 0 ? [`… ${more} more rows`] : [])].join("\n");
  return { "text/html": html, "text/plain": text };
}
