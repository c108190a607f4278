// A token sequence drawn as coloured chips (the usual picture of a tokenizer's output).
import { type MimeBundle, escapeHtml } from "./mime-bundle.js";

const CHIP_COLORS = ["#dbeafe", "#fde68a", "#bbf7d0", "#fecaca", "#e9d5ff", "#fed7aa"] as const;

/**
 * The MIME bundle of a token sequence: each token a chip with alternating background, whitespace made visible
 * (␣ space, ⏎ newline, ⇥ tab; a newline token also breaks the line), optional ids as tooltips; at most `maxTokens` (default 400).
 */
export function tokensBundle(tokens: readonly string[], options: { ids?: ArrayLike<number>; maxTokens?: number } = {}): MimeBundle {
  const shown = tokens.slice(0, options.maxTokens ?? 400);
  const visible = (t: string) => t.replace(/ /g, "␣").replace(/\n/g, "⏎").replace(/\t/g, "⇥");
  const chips = shown
    .map((t, i) => {
      const title = options.ids ? ` title="id ${options.ids[i]}"` : "";
      const chip = `<span${title} style="background:${CHIP_COLORS[i % CHIP_COLORS.length]};border-radius:3px;padding:0 2px;margin:1px;display:inline-block;font:12px monospace;white-space:pre">${escapeHtml(visible(t))}</span>`;
      return t.includes("\n") ? `${chip}<br>` : chip;
    })
    .join("");
  const more = tokens.length - shown.length;
  const tail = more > 0 ? `<div style="color:#666;font:12px sans-serif">… ${more} more tokens</div>` : "";
  return { "text/html": `<div style="line-height:1.7">${chips}</div>${tail}`, "text/plain": `${shown.map(visible).join(" ")}${more > 0 ? ` … ${more} more tokens` : ""}` };
}
