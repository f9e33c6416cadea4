/**
 * Small models that exercise every kernel a course training step needs (2D CNN, 2D U-Net,
 * 3D CNN, MobileNetV2-style depthwise blocks). Tests use them to check kernels and leaks;
 * bench/core uses the CNN and U-Net for the backend comparison with PyTorch and Keras.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { SeededInit } from './seed.js';

/** conv16–pool–conv32–pool–dense64–dense1 on [size,size,1], Adam, binary cross-entropy (the FACTS.md CNN). */
export function buildSmallCnn(init: SeededInit, size = 64): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [size, size, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 64, activation: 'relu', ...init.layer() }),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

function convBlock(init: SeededInit, x: SymbolicTensor, filters: number): SymbolicTensor {
  const a = tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }).apply(x);
  return tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }).apply(a) as SymbolicTensor;
}

/**
 * 3-level 2D U-Net on [size,size,1] → [size,size,1] sigmoid: two 3×3 convs per level, max-pool
 * down, Conv2DTranspose (stride 2) up, skip concatenation. `base` filters at the top level.
 */
export function buildUnet2d(init: SeededInit, size = 64, base = 16, upsampling: 'transpose' | 'resize' = 'transpose'): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 1] });
  const e1 = convBlock(init, input, base);
  const e2 = convBlock(init, tfl.layers.maxPooling2d({ poolSize: 2 }).apply(e1) as SymbolicTensor, base * 2);
  const mid = convBlock(init, tfl.layers.maxPooling2d({ poolSize: 2 }).apply(e2) as SymbolicTensor, base * 4);
  const up = (x: SymbolicTensor, filters: number): SymbolicTensor => upsampling === 'transpose'
    ? tfl.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 2, padding: 'same', ...init.layer() }).apply(x) as SymbolicTensor
    : tfl.layers.upSampling2d({ size: [2, 2] }).apply(x) as SymbolicTensor;
  const d2 = convBlock(init, tfl.layers.concatenate().apply([up(mid, base * 2), e2]) as SymbolicTensor, base * 2);
  const d1 = convBlock(init, tfl.layers.concatenate().apply([up(d2, base), e1]) as SymbolicTensor, base);
  const out = tfl.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', ...init.layer() }).apply(d1) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  return model;
}

/** conv3d8–maxpool3d–conv3d16–avgpool3d–flatten–dense1 on [d,d,d,1]. */
export function buildTiny3dCnn(init: SeededInit, d = 8): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv3d({ inputShape: [d, d, d, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', ...init.layer() }),
      tfl.layers.maxPooling3d({ poolSize: 2 }),
      tfl.layers.conv3d({ filters: 16, kernelSize: 3, padding: 'valid', strides: 1, activation: 'relu', ...init.layer() }),
      tfl.layers.averagePooling3d({ poolSize: 2, padding: 'same' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', ...init.layer() }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  return model;
}

/** Stem conv (stride 2) and two MobileNetV2 inverted-residual blocks with ReLU6 and batch norm. */
export function buildMobileNetV2Blocks(init: SeededInit, size = 32, classes = 3): tfl.LayersModel {
  const input = tfl.input({ shape: [size, size, 3] });
  const bnRelu6 = (x: SymbolicTensor): SymbolicTensor =>
    tfl.layers.reLU({ maxValue: 6 }).apply(tfl.layers.batchNormalization().apply(x)) as SymbolicTensor;
  const stem = bnRelu6(tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', useBias: false, ...init.layer() }).apply(input) as SymbolicTensor);
  const block = (x: SymbolicTensor, out: number, stride: number): SymbolicTensor => {
    const inCh = x.shape[x.shape.length - 1]!;
    const e = bnRelu6(tfl.layers.conv2d({ filters: inCh * 4, kernelSize: 1, useBias: false, ...init.layer() }).apply(x) as SymbolicTensor);
    const d = bnRelu6(tfl.layers.depthwiseConv2d({ kernelSize: 3, strides: stride, padding: 'same', useBias: false, ...init.depthwise() }).apply(e) as SymbolicTensor);
    const p = tfl.layers.batchNormalization().apply(
      tfl.layers.conv2d({ filters: out, kernelSize: 1, useBias: false, ...init.layer() }).apply(d)) as SymbolicTensor;
    return stride === 1 && inCh === out ? tfl.layers.add().apply([x, p]) as SymbolicTensor : p;
  };
  const b2 = block(block(stem, 16, 1), 24, 2);
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(b2) as SymbolicTensor;
  const out = tfl.layers.dense({ units: classes, activation: 'softmax', ...init.layer() }).apply(pooled) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}
