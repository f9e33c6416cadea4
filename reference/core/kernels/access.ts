/**
 * A small adapter over the two JS-reachable backends (wasm, cpu) so each kernel is written
 * once against Float32Arrays. Kernels allocate every output before reading any input view:
 * on wasm a new allocation may grow the heap, which detaches views taken earlier.
 */
import { getKernel, util, type DataType, type KernelBackend, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

export interface TensorAccess {
  readonly backendName: 'wasm' | 'cpu';
  /** A live Float32Array over the tensor's data; do not keep it across allocations on wasm. */
  read(t: TensorInfo): Float32Array;
  /** A new float32 tensor; `fill` writes its (zeroed) contents in place. */
  alloc(shape: number[], fill: (out: Float32Array) => void): TensorInfo;
  dispose(t: TensorInfo): void;
  /** Runs another kernel of the same backend on backend-level tensors. */
  run(kernelName: string, inputs: Record<string, TensorInfo>, attrs?: NamedAttrMap): TensorInfo;
}

interface WasmLike extends KernelBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
}
interface CpuLike extends KernelBackend {
  data: { get(id: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: Float32Array): TensorInfo;
}

export function tensorAccess(backendName: 'wasm' | 'cpu', kernelBackend: unknown): TensorAccess {
  const backend = kernelBackend as KernelBackend;
  const run = (kernelName: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap = {}): TensorInfo => {
    const config = getKernel(kernelName, backendName);
    if (!config) throw new Error(`kernel ${kernelName} is not registered for ${backendName}`);
    const out = config.kernelFunc({ inputs, backend, attrs });
    return Array.isArray(out) ? (out[0] as TensorInfo) : out;
  };
  const dispose = (t: TensorInfo): void => { backend.disposeData(t.dataId); };
  if (backendName === 'wasm') {
    const b = backend as WasmLike;
    return {
      backendName, run, dispose,
      read: (t) => {
        if (t.dtype !== 'float32') throw new Error(`expected float32, got ${t.dtype}`);
        return b.typedArrayFromHeap(t);
      },
      alloc: (shape, fill) => {
        const out = b.makeOutput(shape, 'float32');
        const view = b.typedArrayFromHeap(out);
        view.fill(0);
        fill(view);
        return out;
      },
    };
  }
  const b = backend as CpuLike;
  return {
    backendName, run, dispose,
    read: (t) => {
      const values = b.data.get(t.dataId).values;
      if (values instanceof Float32Array) return values;
      // cpu keeps int32/bool inputs in other arrays; kernels here only take float32.
      return Float32Array.from(values as ArrayLike<number>);
    },
    alloc: (shape, fill) => {
      const view = new Float32Array(util.sizeFromShape(shape));
      fill(view);
      return b.makeTensorInfo(shape, 'float32', view);
    },
  };
}
