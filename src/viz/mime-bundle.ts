/**
 * A rich-output bundle: MIME type → payload, as Jupyter's display_data carries it
 * (e.g. "text/html" → string, "application/vnd.plotly.v1+json" → object, "text/plain" → string).
 */
export type MimeBundle = Readonly<Record<string, string | object>>;

/** Escapes text for inclusion in HTML element content or attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** JSON for an inline <script>: "<" is escaped so that "</script>" inside data cannot close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}
