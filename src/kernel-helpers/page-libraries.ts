// Which JS libraries each front end of this kernel has been sent. A kernel outlives the pages showing its outputs
// (a second tab, a reloaded page, a reopened notebook): each opens its own Jupyter session and starts without plotly.js
// and 3Dmol.js, so a library is inlined once per client session rather than once per kernel.
import type { PageLibrary } from "../viz/library-script.js";

/** The libraries sent so far, per client session id. */
export class LibraryLedger {
  readonly #sent = new Map<string, Set<PageLibrary>>();

  /** True when `library` has not been sent to `client` yet; records it as sent from now on. */
  claim(client: string, library: PageLibrary): boolean {
    let sent = this.#sent.get(client);
    if (!sent) this.#sent.set(client, (sent = new Set()));
    if (sent.has(library)) return false;
    sent.add(library);
    return true;
  }
}
