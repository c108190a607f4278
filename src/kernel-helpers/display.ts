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

type Send = (this: object, message: unknown) => Promise<void>;
let sendsSerialised = false;

// tslab's public display API sends one MIME type per message; a bundle (Plotly JSON + HTML fallback + text) needs its
// private hook. Node caches modules by real path, so this require returns the kernel's own instance (platform-notes §1.2).
// tslab is pinned (1.0.22); this is the only place that touches its internals.
function writer(): WriteDisplayData | null {
  const require = createRequire(import.meta.url);
  let write: WriteDisplayData | null;
  try {
    write = (require("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null }).lastWriteDisplayData;
  } catch {
    return null;
  }
  if (write && !sendsSerialised) {
    sendsSerialised = true;
    try {
      serialiseKernelSends(require);
    } catch (e) {
      console.warn(`crystal-workbench: could not serialise the kernel's zeromq sends (${(e as Error).message}); large outputs may race`);
    }
  }
  return write;
}

/**
 * tslab calls zeromq's async `send` without awaiting it, and zeromq 6 throws EBUSY ("Socket is busy writing") when a
 * send starts while the previous one on the same socket is still in flight — after a large figure, the kernel's next
 * status message then kills the kernel. Queues the sends of each socket instead (same order, one at a time).
 */
function serialiseKernelSends(require: NodeJS.Require): void {
  const zmq = createRequire(require.resolve("tslab/package.json"))("zeromq") as { Publisher: { prototype: object } };
  const socketProto = Object.getPrototypeOf(zmq.Publisher.prototype) as { send: Send };
  const send = socketProto.send;
  const queues = new WeakMap<object, Promise<void>>();
  // The native method is read-only but configurable: redefine it.
  Object.defineProperty(socketProto, "send", {
    configurable: true,
    writable: false,
    value: function (this: object, message: unknown): Promise<void> {
      const sent = (queues.get(this) ?? Promise.resolve()).then(() => send.call(this, message));
      queues.set(this, sent.catch(() => undefined));
      return sent;
    },
  });
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
