/**
 * ResizeNearestNeighborGrad (UpSampling2D's gradient) for cpu: stock tfjs-backend-cpu 4.22
 * returns wrong values (max error 9 on a 2×4×5×3 → 2×8×10×3 case where the exact answer is a
 * sum of 2×2 blocks); stock wasm is right. Each dy pixel goes to the source pixel the forward
 * pass copied it from, with the forward pass's own rounding rules.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { tensorAccess } from './access.js';

/** Source index per output index, as tfjs's ResizeNearestNeighbor computes it. */
export function nearestSources(inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const effIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effIn / effOut;
  const src = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const frac = halfPixelCenters ? ratio * (o + 0.5) : ratio * o;
    let s = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    if (halfPixelCenters) s = Math.max(0, s);
    src[o] = s;
  }
  return src;
}

export function resizeNearestGradInto(dy: Float32Array, dyShape: number[], xShape: number[], rows: Int32Array, cols: Int32Array, dx: Float32Array): void {
  const [B, OH, OW, C] = dyShape as [number, number, number, number];
  const [, H, W] = xShape as [number, number, number, number];
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const rowBase = (b * H + rows[oy]!) * W;
      for (let ox = 0; ox < OW; ox++) {
        const src = ((b * OH + oy) * OW + ox) * C, dst = (rowBase + cols[ox]!) * C;
        for (let c = 0; c < C; c++) dx[dst + c] = dx[dst + c]! + dy[src + c]!;
      }
    }
  }
}

export function resizeGradConfigs(backendName: 'wasm' | 'cpu'): KernelConfig[] {
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const alignCorners = Boolean(attrs!['alignCorners']), halfPixelCenters = Boolean(attrs!['halfPixelCenters']);
    const rows = nearestSources(images.shape[1]!, dy.shape[1]!, alignCorners, halfPixelCenters);
    const cols = nearestSources(images.shape[2]!, dy.shape[2]!, alignCorners, halfPixelCenters);
    const acc = tensorAccess(backendName, backend);
    const out = acc.alloc(images.shape, () => undefined);
    resizeNearestGradInto(acc.read(dy), dy.shape, images.shape, rows, cols, acc.read(out));
    return out;
  };
  return [{ kernelName: 'ResizeNearestNeighborGrad', backendName, kernelFunc }];
}
