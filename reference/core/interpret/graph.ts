/**
 * Runs a Layers model layer by layer so that Grad-CAM can differentiate the part of the graph
 * after an inner layer: tf.grad needs a function of that layer's activations, and tfjs-layers
 * cannot feed a tensor into the middle of a model. Works for Sequential and functional models
 * whose layers sit at the top level (a nested model counts as one layer).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.LayersModel['layers'][number];
type Symbolic = tfl.SymbolicTensor;

/** Concrete values keyed by the id of the symbolic tensor they stand for. */
export type Values = Map<number, tf.Tensor>;

function single(x: Symbolic | Symbolic[], what: string): Symbolic {
  if (Array.isArray(x)) {
    if (x.length !== 1) throw new Error(`${what}: expected one tensor, got ${x.length}`);
    return x[0]!;
  }
  return x;
}

export function modelInputId(model: tfl.LayersModel): number {
  if (model.inputs.length !== 1) throw new Error(`model ${model.name} has ${model.inputs.length} inputs; interpretation needs exactly one`);
  return model.inputs[0]!.id;
}

export function modelOutputId(model: tfl.LayersModel): number {
  if (model.outputs.length !== 1) throw new Error(`model ${model.name} has ${model.outputs.length} outputs; interpretation needs exactly one`);
  return model.outputs[0]!.id;
}

export function layerOutputId(layer: Layer): number {
  return single(layer.output as Symbolic | Symbolic[], `layer ${layer.name}`).id;
}

/** The symbolic inputs of the node of `layer` whose inputs are all known (a shared layer has several nodes). */
function nodeInputs(layer: Layer, known: (id: number) => boolean): Symbolic[] | undefined {
  for (const node of layer.inboundNodes) {
    const ins = node.inputTensors;
    if (ins.length > 0 && ins.every((t) => known(t.id))) return ins;
  }
  return undefined;
}

/**
 * How the last layer is evaluated. 'logit' strips a final sigmoid/softmax (Dense or Activation
 * layer) so gradients do not vanish when the model is confident; 'output' keeps the model as is.
 */
export type LastLayerMode = 'logit' | 'output';

export interface RunResult {
  values: Values;
  /** The model output as evaluated: logits when `logit` is true. */
  out: tf.Tensor;
  /** True when a final sigmoid/softmax was removed, so `out` holds logits. */
  logit: boolean;
}

function squashing(layer: Layer): 'sigmoid' | 'softmax' | undefined {
  const act = (layer.getConfig() as { activation?: unknown }).activation;
  return act === 'sigmoid' || act === 'softmax' ? act : undefined;
}

/** Applies `layer` without its sigmoid/softmax when it is a Dense or Activation layer; undefined otherwise. */
function applyWithoutSquashing(layer: Layer, x: tf.Tensor): tf.Tensor | undefined {
  if (!squashing(layer)) return undefined;
  const cls = layer.getClassName();
  if (cls === 'Activation') return x;
  if (cls !== 'Dense' || x.rank !== 2) return undefined;
  const [kernel, bias] = layer.getWeights();
  const z = tf.matMul(x, kernel!);
  return bias ? tf.add(z, bias) : z;
}

/**
 * Evaluates the model from the values already in `seed` (at least the input, or an inner
 * activation plus every tensor it does not depend on). Layers whose output is already known
 * are not recomputed, which is what lets a head be re-run from a substituted activation.
 */
export function runFrom(model: tfl.LayersModel, seed: Values, mode: LastLayerMode): RunResult {
  const values: Values = new Map(seed);
  const outId = modelOutputId(model);
  let logit = false;
  for (const layer of model.layers) {
    const id = layerOutputId(layer);
    if (values.has(id)) continue;
    const ins = nodeInputs(layer, (k) => values.has(k));
    if (!ins) throw new Error(`layer ${layer.name}: its inputs are not available (nested or multi-node graph not supported)`);
    const args = ins.map((t) => values.get(t.id)!);
    let y: tf.Tensor | undefined;
    if (id === outId && mode === 'logit' && args.length === 1) {
      y = applyWithoutSquashing(layer, args[0]!);
      logit = y !== undefined;
    }
    y ??= layer.apply(args.length === 1 ? args[0]! : args) as tf.Tensor;
    values.set(id, y);
  }
  const out = values.get(outId);
  if (!out) throw new Error(`model ${model.name}: output was not produced by its layers`);
  return { values, out, logit };
}

/** Ids of the symbolic tensors that depend on tensor `fromId` (itself included). */
export function downstreamIds(model: tfl.LayersModel, fromId: number): Set<number> {
  const down = new Set<number>([fromId]);
  for (const layer of model.layers) {
    const ins = layer.inboundNodes.flatMap((n) => n.inputTensors);
    if (ins.some((t) => down.has(t.id))) down.add(layerOutputId(layer));
  }
  return down;
}
