import { describe, expect, it } from "vitest";
import { plotlyBundle } from "../../src/viz/plotly.js";

const fig = { data: [{ type: "scatter", x: [1, 2], y: [3, 4], name: "</script><b>" }], layout: { title: { text: "t" }, height: 300 } };

describe("plotlyBundle", () => {
  it("carries the Plotly JSON, an HTML fallback and a text line", () => {
    const b = plotlyBundle(fig, { divId: "fig1" });
    expect(b["application/vnd.plotly.v1+json"]).toEqual({ data: fig.data, layout: fig.layout, config: { responsive: true, displaylogo: false } });
    expect(b["text/plain"]).toBe("<Plotly figure: 1 trace>");
    const html = b["text/html"] as string;
    expect(html).toContain('<div id="fig1" class="cw-plotly" style="width:100%;height:300px">');
    expect(html).toContain("window.Plotly.newPlot(el,spec.data,spec.layout,spec.config)");
    expect(html).toContain("setTimeout(draw,50)"); // waits for the div to be on the page
    expect(html).toContain("__cwPending"); // and for the library (test/viz/library-script.test.ts draws it in Chromium)
  });

  it("escapes '<' in the inlined JSON so data cannot close the script tag", () => {
    const html = plotlyBundle(fig)["text/html"] as string;
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("\\u003c/script>\\u003cb>");
    // The only closing tag is the script's own.
    expect(html.match(/<\/script>/g)!.length).toBe(1);
  });

  it("inlines the library source only when given, neutralising '</script' inside it", () => {
    expect(plotlyBundle(fig)["text/html"]).not.toContain("LIBRARY");
    const html = plotlyBundle(fig, { plotlyJs: "/*LIBRARY*/ var s='</script>';" })["text/html"] as string;
    expect(html.startsWith('<script type="text/javascript">if(!window["Plotly"])')).toBe(true);
    expect(html.indexOf("/*LIBRARY*/")).toBeLessThan(html.indexOf("class=\"cw-plotly\""));
    expect(html).toContain("var s='<\\/script>'");
  });
});
