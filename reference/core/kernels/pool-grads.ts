/**
 * MaxPoolGrad and AvgPoolGrad (NHWC). Stock wasm MaxPoolGrad took a third of a small CNN's
 * training step; these loops walk channels innermost so every read and write is contiguous.
 * Ties in a max window go to the first pixel in raster order, as in tfjs-backend-cpu.
 */
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { tensorAccess } from './access.js';

function poolInfo(xShape: number[], attrs: Record<string, unknown>): backend_util.Conv2DInfo {
  return backend_util.computePool2DInfo(xShape as [number, number, number, number],
    attrs['filterSize'] as [number, number], attrs['strides'] as [number, number], 1,
    attrs['pad'] as 'same', attrs['dimRoundingMode'] as 'floor' | undefined);
}

/** The common 2×2, stride 2, unpadded case with the window unrolled (about a third faster). */
function maxPoolGrad2x2(x: Float32Array, dy: Float32Array, dx: Float32Array, c: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const r0 = (b * H + 2 * oy) * W * C, r1 = r0 + W * C;
      for (let ox = 0; ox < OW; ox++) {
        const a0 = r0 + 2 * ox * C, a1 = a0 + C, a2 = r1 + 2 * ox * C, a3 = a2 + C;
        const src = ((b * OH + oy) * OW + ox) * C;
        for (let ch = 0; ch < C; ch++) {
          let at = a0 + ch, m = x[at]!, v = x[a1 + ch]!;
          if (v > m) { m = v; at = a1 + ch; }
          v = x[a2 + ch]!;
          if (v > m) { m = v; at = a2 + ch; }
          if (x[a3 + ch]! > m) at = a3 + ch;
          dx[at] = dx[at]! + dy[src + ch]!;
        }
      }
    }
  }
}

export function maxPoolGradInto(x: Float32Array, dy: Float32Array, dx: Float32Array, c: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = c;
  const pt = c.padInfo.top, pl = c.padInfo.left;
  if (FH === 2 && FW === 2 && sh === 2 && sw === 2 && pt === 0 && pl === 0 && OH * 2 <= H && OW * 2 <= W) {
    maxPoolGrad2x2(x, dy, dx, c);
    return;
  }
  const taps = new Int32Array(FH * FW);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        // Offsets of the window pixels inside the input, in raster order (first max wins).
        let n = 0;
        for (let fh = 0; fh < FH; fh++) {
          const iy = oy * sh + fh - pt;
          if (iy < 0 || iy >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const ix = ox * sw + fw - pl;
            if (ix >= 0 && ix < W) taps[n++] = ((b * H + iy) * W + ix) * C;
          }
        }
        if (n === 0) continue;
        const src = ((b * OH + oy) * OW + ox) * C;
        const t0 = taps[0]!;
        for (let ch = 0; ch < C; ch++) {
          let at = t0 + ch, best = x[at]!;
          for (let t = 1; t < n; t++) {
            const i = taps[t]! + ch, v = x[i]!;
            if (v > best) { best = v; at = i; }
          }
          dx[at] = dx[at]! + dy[src + ch]!;
        }
      }
    }
  }
}

export function avgPoolGradInto(dy: Float32Array, dx: Float32Array, c: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = c;
  const { filterHeight: FH, filterWidth: FW, strideHeight: sh, strideWidth: sw } = c;
  const pt = c.padInfo.top, pl = c.padInfo.left;
  // tfjs averages over the full window, padding included (divisor FH*FW), as its cpu kernel does.
  const scale = 1 / (FH * FW);
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const src = ((b * OH + oy) * OW + ox) * C;
        for (let fh = 0; fh < FH; fh++) {
          const iy = oy * sh + fh - pt;
          if (iy < 0 || iy >= H) continue;
          for (let fw = 0; fw < FW; fw++) {
            const ix = ox * sw + fw - pl;
            if (ix < 0 || ix >= W) continue;
            const dst = ((b * H + iy) * W + ix) * C;
            for (let ch = 0; ch < C; ch++) dx[dst + ch] = dx[dst + ch]! + dy[src + ch]! * scale;
          }
        }
      }
    }
  }
}

export function poolGradConfigs(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  const maxFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const c = poolInfo(input.shape, attrs as Record<string, unknown>);
    const acc = tensorAccess(backendName, backend);
    const out = acc.alloc(input.shape, () => undefined);
    maxPoolGradInto(acc.read(input), acc.read(dy), acc.read(out), c);
    return out;
  };
  const avgFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const c = poolInfo(input.shape, attrs as Record<string, unknown>);
    const acc = tensorAccess(backendName, backend);
    const out = acc.alloc(input.shape, () => undefined);
    avgPoolGradInto(acc.read(dy), acc.read(out), c);
    return out;
  };
  return [
    { kernelName: 'MaxPoolGrad', backendName, kernelFunc: maxFunc },
    { kernelName: 'AvgPoolGrad', backendName, kernelFunc: avgFunc },
  ];
}
