/**
 * Cutting a pretrained CNN before its last block, so fine-tuning trains only that block on
 * activations computed once (the COVID project's task 3 and lab 7 both do this).
 */
import * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.LayersModel['layers'][number];

function single(t: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor {
  return Array.isArray(t) ? t[0]! : t;
}

/** A layer's output in the base graph (node 0): tailModel re-applies layers, after which `.output` is ambiguous. */
export function baseOutput(layer: Layer): tfl.SymbolicTensor {
  return single(layer.getOutputAt(0) as tfl.SymbolicTensor | tfl.SymbolicTensor[]);
}

/**
 * The last block starts after the last residual Add whose tail still holds a convolution
 * (MobileNetV2: block_16 + Conv_1 after block_15_add; ResNet50V2: conv5_block3 after conv5_block2_out).
 */
export function findCut(base: tfl.LayersModel, layerName: string): string {
  const end = base.layers.findIndex((l) => l.name === layerName);
  const adds = base.layers.map((l, i) => ({ l, i })).filter(({ l, i }) => l.getClassName() === 'Add' && i < end);
  for (let k = adds.length - 1; k >= 0; k--) {
    const tail = base.layers.slice(adds[k]!.i + 1, end + 1);
    if (tail.some((l) => /Conv/.test(l.getClassName()))) return adds[k]!.l.name;
  }
  throw new Error(`model ${base.name} has no residual Add before ${layerName}: cannot find its last block`);
}

/**
 * The base from after `cutName` to `layerName` as its own model on a new input. It re-applies the
 * base's own layers, so it shares (and fine-tuning changes) the base's weights.
 */
export function tailModel(base: tfl.LayersModel, cutName: string, layerName: string): tfl.LayersModel {
  const cut = baseOutput(base.getLayer(cutName));
  const input = tfl.input({ shape: cut.shape.slice(1) as number[] });
  const known = new Map<number, tfl.SymbolicTensor>([[cut.id, input]]);
  const start = base.layers.findIndex((l) => l.name === cutName) + 1;
  const end = base.layers.findIndex((l) => l.name === layerName);
  for (const layer of base.layers.slice(start, end + 1)) {
    const ins = layer.inboundNodes[0]!.inputTensors.map((t) => known.get(t.id));
    if (ins.some((t) => t === undefined)) throw new Error(`layer ${layer.name} reads a tensor from before ${cutName}: not a clean block boundary`);
    const out = layer.apply(ins.length === 1 ? ins[0]! : (ins as tfl.SymbolicTensor[])) as tfl.SymbolicTensor;
    known.set(baseOutput(layer).id, out);
  }
  return tfl.model({ inputs: input, outputs: known.get(baseOutput(base.getLayer(layerName)).id)! });
}

/** Convolutions and dense layers of a tail train; batch-norm layers stay frozen (gamma, beta and statistics). */
export function tailTrainables(tail: tfl.LayersModel): Layer[] {
  return tail.layers.filter((l) => l.weights.length > 0 && l.getClassName() !== 'BatchNormalization');
}
