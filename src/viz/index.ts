// Visualisation: figure specifications as plain data (Plotly traces, crystal scenes) and their rich-output bundles,
// built from computed data (crystal-workbench/analysis and /metrics compute it).
export { type MimeBundle, escapeHtml } from "./mime-bundle.js";
export { type PlotlyBundleOptions, type PlotlyFigure, type PlotlyTrace, plotlyBundle } from "./plotly.js";
export {
  type CrystalScene, type CrystalSceneOptions, type Point3, type SceneAtom, type SceneBond, type SceneMarker, crystalScene,
} from "./crystal-scene.js";
export { type ViewerOptions, viewerBundle } from "./viewer.js";
export { type DrillDown, type DrillDownBundleOptions, type DrillDownDetail, drillDownBundle } from "./drill-down.js";
export { type TableOptions, tableBundle } from "./table-html.js";
export { type RgbaImage, decodePng, distinctColors } from "./png.js";
export { tokensBundle } from "./tokens-html.js";
export { propertyHistograms, scatterMatrix } from "./figures/distributions.js";
export { elementCounts, periodicTableHeatmap } from "./figures/periodic-table.js";
export { spaceGroupHistogram } from "./figures/space-groups.js";
export { rdfFigure } from "./figures/rdf.js";
export { xrdFigure } from "./figures/xrd-figure.js";
export { matrixHeatmap, periodicGraphFigure, voxelIsosurface } from "./figures/representations.js";
export { embeddingFigure } from "./figures/embeddings.js";
export { type LatentMapOptions, type LineSeries, type MapColouring, type MapOverlay, latentMapFigure, latentOverlayFigure, lineSeriesFigure } from "./figures/latent-space.js";
export {
  type BenchmarkFrameOptions, type CspBenchmarkRow, type DeNovoBenchmarkRow, PUBLISHED_CSP, PUBLISHED_DE_NOVO, benchmarkCellsFrame, benchmarkFrame,
  cspBenchmarkTable, cspRowFromMetrics, deNovoBenchmarkTable,
} from "./figures/benchmark-table.js";
export { benchmarkRadarFigure } from "./figures/benchmark-radar.js";
export { costQualityFigure } from "./figures/cost-quality.js";
export { type TrajectoryFigureOptions, type TrajectoryFrame, evenlySpaced, fractionalPathsFigure, trajectoryFigure } from "./figures/trajectory.js";
export { type GuidanceGroup, guidanceSweepFigure } from "./figures/guidance-sweep.js";
export { type StepsSeries, stepsSweepFigure } from "./figures/steps-sweep.js";
export { type SamplerSweepPoint, samplerSweepFigure } from "./figures/sampler-sweep.js";
export { type CoverageSeries, coverageCurveFigure } from "./figures/coverage-curve.js";
export { type GanDiagnosticsPoint, ganDiagnosticsFigure } from "./figures/gan-diagnostics.js";
export { type RewardSeries, rewardDistributionFigure } from "./figures/gflownet.js";
export { type AxisPair, type RelaxationCurve, type RelaxationCurvesOptions, relaxationAxes, relaxationCurveTraces, relaxationCurvesFigure } from "./figures/relaxation.js";
export { type ParityData, type ParityOptions, parityFigure } from "./figures/parity.js";
export { type PipelineHit, type PipelineResult, paretoFigure, screeningFunnelFigure } from "./figures/screening.js";
export { type EAboveHullHistogramOptions, eAboveHullHistogram } from "./figures/e-above-hull.js";
export { type HullFigureOptions, binaryHullFigure, hullPlacementTraces, ternaryHullFigure } from "./figures/hull.js";
export { type StabilityDrillDownItem, type StabilityDrillDownOptions, stabilityDrillDown } from "./figures/stability-drill-down.js";
