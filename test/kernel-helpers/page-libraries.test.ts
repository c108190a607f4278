import { describe, expect, it } from "vitest";
import { LibraryLedger } from "../../src/kernel-helpers/page-libraries.js";

describe("LibraryLedger", () => {
  it("sends each library once per client session: a second tab or a reloaded page gets it again", () => {
    const ledger = new LibraryLedger();
    expect(ledger.claim("tab-1", "Plotly")).toBe(true);
    expect(ledger.claim("tab-1", "Plotly")).toBe(false);
    expect(ledger.claim("tab-1", "$3Dmol")).toBe(true);
    expect(ledger.claim("tab-2", "Plotly")).toBe(true);
    expect(ledger.claim("tab-2", "Plotly")).toBe(false);
    expect(ledger.claim("tab-1", "$3Dmol")).toBe(false);
  });
});
