// A token sequence drawn as coloured chips (the usual picture of a tokenizer's output).
import { type MimeBundle, escapeHtml } from "./mime-bundle.js";

const CHIP_COLORS = ["#dbeafe", "#fde68a", "#bbf7d0", "#fecaca", "#e9d5ff", "#fed7aa"] as const;

/** Chip colours of token kinds (given in `kinds`), in order of first appearance. */
const KIND_COLORS = ["#dbeafe", "#fde68a", "#bbf7d0", "#fecaca", "#e9d5ff", "#fed7aa", "#e5e7eb", "#a5f3fc", "#fbcfe8"] as const;

/**
 * The MIME bundle of a token sequence: each token a chip with alternating background — or, with `kinds` (one label per
 * token, e.g. its type), a colour per kind and a legend — whitespace made visible (␣ space, ⏎ newline, ⇥ tab; a newline
 * token also breaks the line), optional ids as tooltips; at most `maxTokens` (default 400).
 */
export function tokensBundle(tokens: readonly string[], options: { ids?: ArrayLike<number>; kinds?: readonly string[]; maxTokens?: number } = {}): MimeBundle {
  const shown = tokens.slice(0, options.maxTokens ?? 400);
  const visible = (t: string) => t.replace(/ /g, "␣").replace(/\n/g, "⏎").replace(/\t/g, "⇥");
  const kindColor = new Map<string, string>();
  for (const k of options.kinds ?? []) if (!kindColor.has(k)) kindColor.set(k, KIND_COLORS[kindColor.size % KIND_COLORS.length]!);
  const chipStyle = (background: string) => `background:${background};border-radius:3px;padding:0 2px;margin:1px;display:inline-block;font:12px monospace;white-space:pre`;
  const legend = kindColor.size
    ? `<div style="margin-bottom:4px">${[...kindColor].map(([k, c]) => `<span style="${chipStyle(c)}">${escapeHtml(k)}</span>`).join(" ")}</div>`
    : "";
  const chips = shown
    .map((t, i) => {
      const kind = options.kinds?.[i];
      const title = options.ids || kind ? ` title="${escapeHtml([options.ids ? `id ${options.ids[i]}` : "", kind ?? ""].filter(Boolean).join(", "))}"` : "";
      const background = kind !== undefined ? kindColor.get(kind)! : CHIP_COLORS[i % CHIP_COLORS.length]!;
      const chip = `<span${title} style="${chipStyle(background)}">${escapeHtml(visible(t))}</span>`;
      return t.includes("\n") ? `${chip}<br>` : chip;
    })
    .join("");
  const more = tokens.length - shown.length;
  const tail = more > 0 ? `<div style="color:#666;font:12px sans-serif">… ${more} more tokens</div>` : "";
  return { "text/html": `${legend}<div style="line-height:1.7">${chips}</div>${tail}`, "text/plain": `${shown.map(visible).join(" ")}${more > 0 ? ` … ${more} more tokens` : ""}` };
}
