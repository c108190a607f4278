// A saved transformer read back: a fresh network of the saved shape holding the checkpoint's weights.
import { type StateManifests, loadWeights } from "../training/state-io.js";
import type { TransformerConfig } from "./config.js";
import { DecoderTransformer } from "./model.js";

/**
 * A DecoderTransformer of `config` with the weights saved in `dir` (manifests `state`).
 * @throws the checkpoint error of a missing, short or corrupt weight file; the half-built network is freed first
 */
export function loadDecoderTransformer(dir: string, state: StateManifests, config: TransformerConfig, seed: number): DecoderTransformer {
  const net = new DecoderTransformer(config, seed);
  try {
    loadWeights(dir, state, net.paramMap());
  } catch (e) {
    net.dispose();
    throw e;
  }
  return net;
}
