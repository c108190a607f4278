// How figures and viewers get their JS library in a page (live notebook, exported HTML): a library is inlined into some
// output and evaluated once per page; every figure waits for its library without a time limit, so an output rendered
// before the library is on the page (a reopened notebook, a second browser tab) draws as soon as a later output brings it.

/** The page globals of the libraries figures and viewers need: plotly.js and 3Dmol.js. */
export type PageLibrary = "Plotly" | "$3Dmol";

// An inline <script> holding a source; `</script` inside it is split so the tag cannot close early.
function inlineScript(source: string): string {
  return `<script type="text/javascript">${source.replace(/<\/script/gi, "<\\/script")}</script>`;
}

// Runs (and empties) the page's queue of draws that waited for a library; each re-queues itself if its library is
// still missing.
const RUN_PENDING = "(function(){var q=window.__cwPending||[];window.__cwPending=[];" +
  "q.forEach(function(f){try{f();}catch(e){console.error(e);}});})();";

/**
 * An inline <script> that evaluates a library source unless the page already has it (`window[name]`), with require.js's
 * `define` hidden meanwhile (an anonymous AMD define would swallow the library), then runs the draws that waited for it.
 * Idempotent: a second copy on the same page (a restarted kernel, a re-run cell) only runs the waiting draws.
 */
export function libraryScript(name: PageLibrary, source: string): string {
  return inlineScript(
    `if(!window[${JSON.stringify(name)}]){var cwDefine=window.define;window.define=undefined;` +
      `try{\n${source}\n}finally{window.define=cwDefine;}}\n${RUN_PENDING}`,
  );
}

/**
 * Page-side JS (statements, inside the function named `retry`, with the target element in `el`): when `window[name]`
 * is missing, writes `waiting` into the element, queues `retry` for the next library script and returns.
 */
export function awaitLibrary(name: PageLibrary, retry: string, waiting: string): string {
  return `if(!window[${JSON.stringify(name)}]){el.textContent=${JSON.stringify(waiting)};` +
    `(window.__cwPending=window.__cwPending||[]).push(${retry});return;}el.textContent="";`;
}
