// Opening a property-predictor checkpoint for a command (`--predictor DIR`): any registered predictor family.
import { type PropertyPredictor, initBackend, isPropertyPredictor, loadModel } from "../models/index.js";
import { CliUsageError } from "./args.js";

/**
 * Loads the checkpoint in `dir` and checks that it predicts a property.
 * @throws CliUsageError (exit 2) naming the command when the checkpoint is a generative model, not a predictor
 */
export async function loadPredictorCheckpoint(command: string, dir: string): Promise<PropertyPredictor> {
  await initBackend();
  const model = await loadModel(dir);
  if (isPropertyPredictor(model)) return model;
  const what = `${model.config.family}/${model.config.tasks.join("+")}`;
  model.dispose();
  throw new CliUsageError(`${command}: ${dir} is a ${what} model, not a property predictor (train one with \`xtal train cgcnn --property NAME\`)`);
}
