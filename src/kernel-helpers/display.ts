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
let sendsPatched: "not yet" | "done" | "failed" = "not yet";
/** While set, the patched send hands outgoing frames to it instead of sending them (see clientSession). */
let intercept: ((frames: readonly unknown[]) => void) | null = null;

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
  if (write && sendsPatched === "not yet") {
    try {
      serialiseKernelSends(require);
      sendsPatched = "done";
    } catch (e) {
      sendsPatched = "failed";
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
      if (intercept) {
        intercept(message as readonly unknown[]);
        return Promise.resolve();
      }
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

const sessions = new WeakMap<WriteDisplayData, string>();

// The `session` of a wire message's parent header: frames are [identities…, "<IDS|MSG>", hmac, header, parent, …].
function parentSession(frames: readonly unknown[]): string {
  const delimiter = frames.findIndex((f) => String(f) === "<IDS|MSG>");
  const parent = delimiter < 0 ? undefined : frames[delimiter + 3];
  try {
    const session = (JSON.parse(String(parent)) as { session?: unknown }).session;
    return typeof session === "string" ? session : "";
  } catch {
    return "";
  }
}

/**
 * The Jupyter session id of the front end whose request the kernel is executing: every browser page (a second tab, a
 * reload) and every VS Code notebook view opens its own session, while the kernel may outlive them. "" when it cannot
 * be told (outside a kernel, or tslab's internals changed). tslab keeps the request private, so a display message is
 * built for it, its parent header read and the message dropped before it is sent; the answer is cached per request.
 */
export function clientSession(): string {
  const write = writer();
  if (!write || sendsPatched !== "done") return "";
  let session = sessions.get(write);
  if (session === undefined) {
    let found = "";
    intercept = (frames) => (found = parentSession(frames));
    try {
      write({ data: {}, metadata: {}, transient: {} }, false);
    } finally {
      intercept = null;
    }
    sessions.set(write, (session = found));
  }
  return session;
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
