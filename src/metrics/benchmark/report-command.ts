// The command behind a recorded evaluation: the one the report records (`command`; `settings.command` for
// `xtal stability`), else one rebuilt from the report's fields (the flags that change the numbers; paths as recorded).
const record = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** Model-record keys that name the model or machine, not a sampler setting (first-generation reports mix them). */
const NOT_SETTINGS = new Set(["checkpoint", "baseline", "family", "from", "backend", "task", "settings"]);

/** `--flag value` pairs of the defined values, in order. */
function flags(pairs: readonly (readonly [string, unknown])[]): string[] {
  return pairs.filter(([, v]) => v !== undefined && v !== null && v !== false).map(([f, v]) => (v === true ? `--${f}` : `--${f} ${String(v)}`));
}

function evaluateCommand(json: Readonly<Record<string, unknown>>, file: string): string {
  const model = record(json["model"]);
  const settings = { ...Object.fromEntries(Object.entries(model).filter(([k]) => !NOT_SETTINGS.has(k))), ...record(model["settings"]) };
  const target = record(json["target"]);
  const csp = typeof json["k"] === "number";
  return [
    "xtal evaluate",
    ...flags([["checkpoint", model["checkpoint"]], ["baseline", model["baseline"]], ["from", model["from"]], ["dataset", json["dataset"]], ["split", json["split"]]]),
    ...flags(csp ? [["skip", json["skip"]], ["limit", json["targets"]], ["k", json["k"]]] : [["n", json["n"]]]),
    ...flags([["seed", json["seed"]], ["fingerprint", json["fingerprint"]], ["implausible-cells", json["implausibleCells"]]]),
    ...flags("property" in target ? [["target", `${String(target["property"])}=${String(target["value"])}`], ["guidance", json["guidance"]]] : []),
    ...flags([["predictor", json["predictor"]], ...Object.entries(settings).map(([k, v]) => [kebab(k), v] as const)]),
    `--out ${file}`,
  ].join(" ");
}

function metricsCommand(json: Readonly<Record<string, unknown>>, file: string): string {
  const generated = Array.isArray(json["generated"]) ? json["generated"] : [json["generated"]];
  const csp = typeof json["nTargets"] === "number";
  const subset = csp && (json["nTargets"] as number) < (json["nReference"] as number);
  return [
    "xtal metrics",
    ...generated.map((g) => `--generated ${String(g)}`),
    ...flags([["reference", json["reference"]], ["predictor", json["predictor"]]]),
    ...(csp ? ["--task csp --id-column target_id", ...(subset ? ["--predicted-only"] : [])] : []),
    `--json > ${file}`,
  ].join(" ");
}

function stabilityCommand(settings: Readonly<Record<string, unknown>>, file: string): string {
  const generated = Array.isArray(settings["generated"]) ? settings["generated"] : [settings["generated"]];
  const hull = Array.isArray(settings["hull"]) ? settings["hull"].map((h) => String(record(h)["source"]).split("/")[0]).filter((s) => s !== "elements") : [];
  const relax = record(settings["relax"]);
  return [
    "xtal stability",
    ...generated.map((g) => `--generated ${String(g)}`),
    ...flags([["limit", settings["nGenerated"]], ["reference", settings["reference"]], ["hull", [...new Set(hull)].join(",") || undefined]]),
    ...flags([["fmax", relax["fmax"]], ["steps", relax["maxSteps"]], ["fixed-cell", relax["fixedCell"]]]),
    `--report ${file}`,
  ].join(" ");
}

/** The command that wrote a report (as parsed JSON) at `file`: recorded when the report has one, else reconstructed ("" when unknown). */
export function reportCommand(json: Readonly<Record<string, unknown>>, file: string): { command: string; recorded: boolean } {
  const settings = record(json["settings"]);
  const recorded = typeof json["command"] === "string" ? json["command"] : typeof settings["command"] === "string" ? settings["command"] : undefined;
  if (recorded) return { command: recorded, recorded: true };
  if (json["model"] !== undefined) return { command: evaluateCommand(json, file), recorded: false };
  if (json["generated"] !== undefined) return { command: metricsCommand(json, file), recorded: false };
  if (settings["nGenerated"] !== undefined) return { command: stabilityCommand(settings, file), recorded: false };
  return { command: "", recorded: false };
}
