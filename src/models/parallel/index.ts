// Chunked, seeded sampling on all cores: the same crystals whatever the number of worker threads.
export { type SampleChunk, DEFAULT_SAMPLE_CHUNK_SIZE, chunkSeed, sampleChunks } from "./sample-chunks.js";
export { type ParallelSamplingOptions, type SampleSource, sampleCrystals } from "./sample-crystals.js";
export { type LatentSource, decodeLatents } from "./decode-latents.js";
export { type ThreadMemory, samplingThreadMemory } from "./thread-memory.js";
