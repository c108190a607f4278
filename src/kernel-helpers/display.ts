import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import type { MimeBundle } from "../viz/mime-bundle.js";

/** Thrown when a display function is called outside a running tslab kernel (e.g. from plain Node). */
export class NotInKernelError extends Error {
  override name = "NotInKernelError";
  constructor() {
    super("not running inside a tslab Jupyter kernel: rich display is only available in a notebook cell");
  }
}

type WriteDisplayData = (
  data: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

// tslab's public display API sends one MIME type per message; a bundle (Plotly JSON + HTML fallback + text) needs its
// private hook. Node caches modules by real path, so this require returns the kernel's own instance (platform-notes §1.2).
// tslab is pinned (1.0.22); this is the only place that touches its internals.
function writer(): WriteDisplayData | null {
  try {
    const jupyter = createRequire(import.meta.url)("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
    return jupyter.lastWriteDisplayData;
  } catch {
    return null;
  }
}

/** True inside a running tslab kernel cell. */
export function inKernel(): boolean {
  return writer() !== null;
}

/** A fresh display id, for output that is later updated in place. */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Sends a MIME bundle as the output of the current cell. With `displayId`, later calls with `update: true` and the same id
 * replace that output in place (live curves, progress bars). Throws NotInKernelError outside a kernel.
 */
export function displayBundle(bundle: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  const write = writer();
  if (!write) throw new NotInKernelError();
  write({ data: bundle, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} }, options.update ?? false);
}
