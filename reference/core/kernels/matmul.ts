/**
 * wasm BatchMatMul with transposeA/transposeB falls back to a scalar loop (≈1.5 GFLOP/s here,
 * against ≈10–20 GFLOP/s untransposed). Dense-layer gradients always transpose one side, so
 * this wrapper transposes explicitly and hands the untransposed product to the stock kernel.
 */
import { getKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { tensorAccess } from './access.js';
import { transposeInto } from './conv2d-grads.js';

/** Copies the last two axes of `t` transposed into a new tensor. */
function transposeLastTwo(acc: ReturnType<typeof tensorAccess>, t: TensorInfo): TensorInfo {
  const r = t.shape.length;
  const rows = t.shape[r - 2]!, cols = t.shape[r - 1]!;
  const batch = t.shape.slice(0, -2).reduce((a, b) => a * b, 1);
  const out = acc.alloc([...t.shape.slice(0, -2), cols, rows], () => undefined);
  const src = acc.read(t), dst = acc.read(out);
  for (let b = 0; b < batch; b++) {
    transposeInto(src, b * rows * cols, rows, cols, dst.subarray(b * rows * cols, (b + 1) * rows * cols));
  }
  return out;
}

/** Wraps the currently registered wasm BatchMatMul; call before unregistering it. */
export function wasmMatMulConfig(): KernelConfig {
  const stock = getKernel('BatchMatMul', 'wasm');
  if (!stock) throw new Error('wasm BatchMatMul is not registered');
  const kernelFunc: KernelFunc = (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stock.kernelFunc(args);
    const acc = tensorAccess('wasm', args.backend);
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const at = transposeA ? transposeLastTwo(acc, a) : a;
    const bt = transposeB ? transposeLastTwo(acc, b) : b;
    const out = stock.kernelFunc({ ...args, inputs: { a: at, b: bt }, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    if (at !== a) acc.dispose(at);
    if (bt !== b) acc.dispose(bt);
    return out;
  };
  return { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc, setupFunc: stock.setupFunc };
}
