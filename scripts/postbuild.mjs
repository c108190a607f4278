// Marks the CLI entry point executable after tsc (npm links it as `xtal`).
import { chmodSync, existsSync } from "node:fs";
const cli = new URL("../dist/cli/xtal.js", import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);
