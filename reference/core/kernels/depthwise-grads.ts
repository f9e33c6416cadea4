/**
 * DepthwiseConv2dNativeBackpropFilter / -Input (NHWC, dilation 1), which stock wasm lacks and
 * MobileNetV2 fine-tuning needs. Depthwise work is small next to pointwise convolutions, so
 * plain loops with channels innermost (contiguous in NHWC) are enough.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { tensorAccess } from './access.js';

type Info = backend_util.Conv2DInfo;

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): Info {
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs['strides'] as [number, number], (attrs['dilations'] as [number, number] | undefined) ?? 1,
    attrs['pad'] as 'same', attrs['dimRoundingMode'] as 'floor' | undefined, true);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error('depthwise grads: only dilation 1 is supported');
  return info;
}

/** Calls visit(xBase, dyBase, tapBase) for every valid (output pixel, tap) pair. */
function forEachTap(c: Info, visit: (xBase: number, dyBase: number, tapBase: number) => void): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: Ci, outHeight: OH, outWidth: OW, outChannels: Co } = c;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = c;
  const pt = c.padInfo.top, pl = c.padInfo.left;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyBase = ((b * OH + oy) * OW + ox) * Co;
        for (let fh = 0; fh < FH; fh++) {
          const iy = oy * sh + fh - pt;
          if (iy < 0 || iy >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const ix = ox * sw + fw - pl;
            if (ix < 0 || ix >= W) continue;
            visit(((b * H + iy) * W + ix) * Ci, dyBase, (fh * FW + fw) * Co);
          }
        }
      }
    }
  }
}

export function depthwiseFilterGradInto(x: Float32Array, dy: Float32Array, dw: Float32Array, c: Info): void {
  const Ci = c.inChannels, mul = c.outChannels / c.inChannels;
  forEachTap(c, (xb, db, tb) => {
    for (let ci = 0; ci < Ci; ci++) {
      const xv = x[xb + ci]!, o = ci * mul;
      for (let m = 0; m < mul; m++) dw[tb + o + m] = dw[tb + o + m]! + xv * dy[db + o + m]!;
    }
  });
}

export function depthwiseInputGradInto(dy: Float32Array, w: Float32Array, dx: Float32Array, c: Info): void {
  const Ci = c.inChannels, mul = c.outChannels / c.inChannels;
  forEachTap(c, (xb, db, tb) => {
    for (let ci = 0; ci < Ci; ci++) {
      const o = ci * mul;
      let s = 0;
      for (let m = 0; m < mul; m++) s += dy[db + o + m]! * w[tb + o + m]!;
      dx[xb + ci] = dx[xb + ci]! + s;
    }
  });
}

export function depthwiseGradConfigs(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  const filterFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const c = depthwiseInfo(x.shape, attrs!['filterShape'] as number[], attrs as Record<string, unknown>);
    const acc = tensorAccess(backendName, backend);
    const out = acc.alloc(c.filterShape, () => undefined);
    depthwiseFilterGradInto(acc.read(x), acc.read(dy), acc.read(out), c);
    return out;
  };
  const inputFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const xShape = attrs!['inputShape'] as number[];
    const c = depthwiseInfo(xShape, filter.shape, attrs as Record<string, unknown>);
    const acc = tensorAccess(backendName, backend);
    const out = acc.alloc(xShape, () => undefined);
    depthwiseInputGradInto(acc.read(dy), acc.read(filter), acc.read(out), c);
    return out;
  };
  return [
    { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName, kernelFunc: filterFunc },
    { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName, kernelFunc: inputFunc },
  ];
}
