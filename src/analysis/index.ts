// Analysis: what figures show, computed from structures and feature matrices — powder XRD patterns, radial
// distribution functions, and 2-D embeddings (PCA, t-SNE, UMAP). crystal-workbench/viz turns the results into figures.
export { CU_K_ALPHA, type XrdFamily, type XrdOptions, type XrdPattern, xrdPattern } from "./xrd.js";
export { type RadialDistribution, radialDistribution } from "./rdf.js";
export { type FeatureMatrix, type PcaResult, featureMatrix, pca, projectPca, tsne, umapEmbedding } from "./embeddings.js";
