/**
 * tfjs-core 4.22 has no gradient for Conv3DBackpropInputV2, the kernel behind
 * tf.conv3dTranspose, so a 3D U-Net's up-convolutions cannot train. This registers it,
 * mirroring tfjs's own Conv2DBackpropInput gradient: for y = convT(x, W),
 * dx = conv3d(dy, W) and dW = Conv3DBackpropFilter(dy, x). Registration is process-wide and
 * idempotent (tfjs keeps one gradient per kernel name).
 */
import * as tf from '@tensorflow/tfjs-core';

export function ensureConv3dTransposeGradient(): void {
  if (tf.getGradient('Conv3DBackpropInputV2')) return;
  tf.registerGradient({
    kernelName: 'Conv3DBackpropInputV2',
    inputsToSave: ['dy', 'filter'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy, filter] = saved as [tf.Tensor5D, tf.Tensor5D];
      const { strides, pad } = attrs as unknown as { strides: [number, number, number]; pad: 'valid' | 'same' };
      const g = ddx as tf.Tensor5D;
      return {
        dy: () => tf.conv3d(g, filter, strides, pad),
        filter: () => tf.engine().runKernel('Conv3DBackpropFilterV2', { x: g, dy }, { strides, pad, filterShape: filter.shape }) as tf.Tensor5D,
      };
    },
  });
}
