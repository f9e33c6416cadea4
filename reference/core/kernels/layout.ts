/**
 * Tile, and Sum/Mean over leading axes, for wasm and cpu. Batch-norm gradients tile [1,1,1,C]
 * statistics to the activation shape and reduce activations over [N,H,W]; the stock wasm
 * kernels do both through per-element index arithmetic or a transpose and dominated a
 * MobileNetV2 training step. Anything outside these cases goes to the stock kernel.
 */
import { getKernel, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { tensorAccess } from './access.js';

/** Writes x tiled by reps into out (row-major), replicating whole blocks with copyWithin. */
export function tileInto(x: Float32Array, shape: number[], reps: number[], out: Float32Array): void {
  const rank = shape.length;
  const outShape = shape.map((s, i) => s * reps[i]!);
  const inStride = new Array<number>(rank).fill(1), outStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) {
    inStride[d] = inStride[d + 1]! * shape[d + 1]!;
    outStride[d] = outStride[d + 1]! * outShape[d + 1]!;
  }
  const fill = (d: number, src: number, dst: number): void => {
    if (d === rank - 1) {
      const row = x.subarray(src, src + shape[d]!);
      for (let k = 0; k < reps[d]!; k++) out.set(row, dst + k * shape[d]!);
      return;
    }
    for (let i = 0; i < shape[d]!; i++) fill(d + 1, src + i * inStride[d]!, dst + i * outStride[d]!);
    const block = shape[d]! * outStride[d]!;
    for (let k = 1; k < reps[d]!; k++) out.copyWithin(dst + k * block, dst, dst + block);
  };
  if (rank === 0) { out[0] = x[0]!; return; }
  fill(0, 0, 0);
}

/** out[j] = Σ_i x[i·inner + j] (divided by outer when mean), accumulated in float64. */
export function reduceLeadingInto(x: Float32Array, inner: number, out: Float32Array, mean: boolean): void {
  const outer = inner === 0 ? 0 : x.length / inner;
  const acc = new Float64Array(inner);
  for (let i = 0; i < outer; i++) {
    const base = i * inner;
    for (let j = 0; j < inner; j++) acc[j] = acc[j]! + x[base + j]!;
  }
  const scale = mean && outer > 0 ? 1 / outer : 1;
  for (let j = 0; j < inner; j++) out[j] = acc[j]! * scale;
}

export function layoutConfigs(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  const stockTile = getKernel('Tile', backendName);
  const tileFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const reps = args.attrs!['reps'] as number[];
    if (x.dtype !== 'float32' || !stockTile || reps.length !== x.shape.length) {
      if (!stockTile) throw new Error(`no stock Tile for ${backendName}`);
      return stockTile.kernelFunc(args);
    }
    const acc = tensorAccess(backendName, args.backend);
    const out = acc.alloc(x.shape.map((s, i) => s * reps[i]!), () => undefined);
    tileInto(acc.read(x), x.shape, reps, acc.read(out));
    return out;
  };
  const reduce = (name: 'Sum' | 'Mean'): KernelConfig | null => {
    const stock = getKernel(name, backendName);
    if (!stock) return null;
    const kernelFunc: KernelFunc = (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const axes = util.parseAxisParam(args.attrs!['axis'] as number | number[], x.shape).sort((a, b) => a - b);
      const leading = axes.every((a, i) => a === i);
      if (x.dtype !== 'float32' || !leading || axes.length === 0) return stock.kernelFunc(args);
      const kept = x.shape.slice(axes.length);
      const outShape = args.attrs!['keepDims'] ? [...axes.map(() => 1), ...kept] : kept;
      const acc = tensorAccess(backendName, args.backend);
      const out = acc.alloc(outShape, () => undefined);
      reduceLeadingInto(acc.read(x), util.sizeFromShape(kept), acc.read(out), name === 'Mean');
      return out;
    };
    return { kernelName: name, backendName, kernelFunc, setupFunc: stock.setupFunc };
  };
  const configs: KernelConfig[] = [];
  if (stockTile) configs.push({ kernelName: 'Tile', backendName, kernelFunc: tileFunc, setupFunc: stockTile.setupFunc });
  for (const r of [reduce('Sum'), reduce('Mean')]) if (r) configs.push(r);
  return configs;
}
