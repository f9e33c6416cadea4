/**
 * The course's 3D U-Net (notebook 003) as plain tfjs-core ops on named variables: residual
 * double-conv blocks with squeeze-and-excitation, max-pool encoder, transposed-conv decoder,
 * one 1×1×1 deep-supervision head per decoder level and a final 1×1×1 head.
 * Tensors are NDHWC: x [B, D, H, W, 1] → logits [B, D, H, W, classes]; D, H, W divisible by
 * 2^(levels). Instance normalisation replaces BatchNorm3d: with batch size 1 (the notebook's)
 * batch statistics are per-volume statistics anyway, and instance norm keeps training and
 * inference identical (nnU-Net's choice).
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers every gradient function on import; tfjs-core alone has none.
import '@tensorflow/tfjs-layers';
import type { Rng } from '../../core/seed.js';
import { ensureConv3dTransposeGradient } from './gradients.js';

export interface UNetOptions {
  /** Channels per level; the last is the bottleneck (notebook: [32, 64, 128, 256]). */
  features: number[];
  classes: number;
  /** Squeeze-and-excitation reduction; the hidden width is max(2, C / reduction). */
  seReduction: number;
}

export interface UNet {
  /** Trainable variables by name, in creation order. */
  params: Map<string, tf.Variable>;
  options: UNetOptions;
  dispose(): void;
}

export interface UNetOutput {
  /** Final head, full resolution. */
  main: tf.Tensor5D;
  /** One head per decoder level, coarsest first, each upsampled (nearest) to full resolution. */
  deep: tf.Tensor5D[];
}

function heNormal(rng: Rng, shape: number[], fanIn: number): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const std = Math.sqrt(2 / fanIn);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = std * rng.normal();
  return out;
}

/** Creates the variables with seeded He-normal kernels, zero biases, unit norm scales. */
export function createUNet(options: UNetOptions, rng: Rng): UNet {
  ensureConv3dTransposeGradient();
  const params = new Map<string, tf.Variable>();
  const add = (name: string, shape: number[], init: 'he' | 'zeros' | 'ones', fanIn = 1): void => {
    const values = init === 'he' ? heNormal(rng, shape, fanIn) : new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(init === 'ones' ? 1 : 0);
    // A variable shares its initial tensor's data; the initial tensor itself must still be disposed.
    const first = tf.tensor(values, shape);
    params.set(name, tf.variable(first, true, name));
    first.dispose();
  };
  const block = (name: string, cin: number, cout: number): void => {
    add(`${name}/conv1`, [3, 3, 3, cin, cout], 'he', 27 * cin);
    add(`${name}/norm1/gamma`, [cout], 'ones'); add(`${name}/norm1/beta`, [cout], 'zeros');
    add(`${name}/conv2`, [3, 3, 3, cout, cout], 'he', 27 * cout);
    add(`${name}/norm2/gamma`, [cout], 'ones'); add(`${name}/norm2/beta`, [cout], 'zeros');
    const hidden = Math.max(2, Math.floor(cout / options.seReduction));
    add(`${name}/se/w1`, [cout, hidden], 'he', cout); add(`${name}/se/b1`, [hidden], 'zeros');
    add(`${name}/se/w2`, [hidden, cout], 'he', hidden); add(`${name}/se/b2`, [cout], 'zeros');
    add(`${name}/res/conv`, [1, 1, 1, cin, cout], 'he', cin);
    add(`${name}/res/norm/gamma`, [cout], 'ones'); add(`${name}/res/norm/beta`, [cout], 'zeros');
  };
  const f = options.features;
  if (f.length < 2) throw new Error(`features needs at least 2 levels, got [${f.join(', ')}]`);
  let cin = 1;
  for (let l = 0; l < f.length - 1; l++) { block(`enc${l}`, cin, f[l]!); cin = f[l]!; }
  block('bottleneck', f[f.length - 2]!, f[f.length - 1]!);
  for (let l = f.length - 2; l >= 0; l--) {
    // conv3dTranspose filters are [d, h, w, outChannels, inChannels].
    add(`up${l}/conv`, [2, 2, 2, f[l]!, f[l + 1]!], 'he', 8 * f[l + 1]!);
    add(`up${l}/bias`, [f[l]!], 'zeros');
    add(`up${l}/norm/gamma`, [f[l]!], 'ones'); add(`up${l}/norm/beta`, [f[l]!], 'zeros');
    block(`dec${l}`, 2 * f[l]!, f[l]!);
    add(`deep${l}/conv`, [1, 1, 1, f[l]!, options.classes], 'he', f[l]!); add(`deep${l}/bias`, [options.classes], 'zeros');
  }
  add('final/conv', [1, 1, 1, f[0]!, options.classes], 'he', f[0]!); add('final/bias', [options.classes], 'zeros');
  return { params, options, dispose: () => { for (const v of params.values()) v.dispose(); params.clear(); } };
}

function p(net: UNet, name: string): tf.Variable {
  const v = net.params.get(name);
  if (!v) throw new Error(`U-Net has no parameter ${name}`);
  return v;
}

function instanceNorm(x: tf.Tensor5D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor5D {
  const { mean, variance } = tf.moments(x, [1, 2, 3], true);
  return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), gamma), beta) as tf.Tensor5D;
}

function squeezeExcite(net: UNet, name: string, x: tf.Tensor5D): tf.Tensor5D {
  const [b, , , , c] = x.shape;
  const s = tf.mean(x, [1, 2, 3]) as tf.Tensor2D;
  const h = tf.relu(tf.add(tf.matMul(s, p(net, `${name}/w1`)), p(net, `${name}/b1`))) as tf.Tensor2D;
  const e = tf.sigmoid(tf.add(tf.matMul(h, p(net, `${name}/w2`)), p(net, `${name}/b2`)));
  return tf.mul(x, tf.reshape(e, [b, 1, 1, 1, c])) as tf.Tensor5D;
}

/**
 * conv3d of the channel-concatenation of `parts` without materialising it: the kernel is
 * sliced along its input channels and the partial convolutions summed. Same result as
 * conv3d(concat(parts, 4), w); the concat's gradient (SplitV) was the slowest kernel of a step.
 */
function convParts(parts: readonly tf.Tensor5D[], w: tf.Variable): tf.Tensor5D {
  if (parts.length === 1) return tf.conv3d(parts[0]!, w as tf.Tensor5D, 1, 'same');
  let offset = 0;
  const outs = parts.map((x) => {
    const c = x.shape[4];
    const k = tf.slice(w, [0, 0, 0, offset, 0], [-1, -1, -1, c, -1]) as tf.Tensor5D;
    offset += c;
    return tf.conv3d(x, k, 1, 'same');
  });
  return tf.addN(outs) as tf.Tensor5D;
}

/** relu(SE(conv-norm-relu-conv-norm-relu(x)) + norm(conv1×1(x))), as the notebook's DoubleConv; x = concat(parts). */
function residualBlock(net: UNet, name: string, parts: readonly tf.Tensor5D[]): tf.Tensor5D {
  let m = tf.relu(instanceNorm(convParts(parts, p(net, `${name}/conv1`)), p(net, `${name}/norm1/gamma`), p(net, `${name}/norm1/beta`)));
  m = tf.relu(instanceNorm(convParts([m], p(net, `${name}/conv2`)), p(net, `${name}/norm2/gamma`), p(net, `${name}/norm2/beta`)));
  m = squeezeExcite(net, `${name}/se`, m);
  const r = instanceNorm(convParts(parts, p(net, `${name}/res/conv`)), p(net, `${name}/res/norm/gamma`), p(net, `${name}/res/norm/beta`));
  return tf.relu(tf.add(m, r)) as tf.Tensor5D;
}

function head(net: UNet, name: string, x: tf.Tensor5D): tf.Tensor5D {
  return tf.add(tf.conv3d(x, p(net, `${name}/conv`) as tf.Tensor5D, 1, 'valid'), p(net, `${name}/bias`)) as tf.Tensor5D;
}

/**
 * Nearest-neighbour upsampling of [B, D, H, W, C] by `factor` on D, H and W, as three rank-3
 * tiles (W, then H, then D); Tile's gradient is a sum, so this trains on every backend.
 */
export function upsampleNearest(x: tf.Tensor5D, factor: number): tf.Tensor5D {
  if (factor === 1) return x;
  const [b, d, h, w, c] = x.shape;
  const f = factor;
  let t = tf.tile(tf.reshape(x, [b * d * h * w, 1, c]), [1, f, 1]);
  t = tf.tile(tf.reshape(t, [b * d * h, 1, w * f * c]), [1, f, 1]);
  t = tf.tile(tf.reshape(t, [b * d, 1, h * f * w * f * c]), [1, f, 1]);
  return tf.reshape(t, [b, d * f, h * f, w * f, c]);
}

/** Forward pass; call inside tf.tidy or tf.variableGrads. */
export function forwardUNet(net: UNet, x: tf.Tensor5D): UNetOutput {
  const f = net.options.features;
  const skips: tf.Tensor5D[] = [];
  let h = x;
  for (let l = 0; l < f.length - 1; l++) {
    h = residualBlock(net, `enc${l}`, [h]);
    skips.push(h);
    h = tf.maxPool3d(h, 2, 2, 'valid');
  }
  h = residualBlock(net, 'bottleneck', [h]);
  const deep: tf.Tensor5D[] = [];
  for (let l = f.length - 2; l >= 0; l--) {
    const skip = skips[l]!;
    const up = tf.add(tf.conv3dTranspose(h, p(net, `up${l}/conv`) as tf.Tensor5D, [...skip.shape.slice(0, 4), f[l]!] as [number, number, number, number, number], 2, 'valid'), p(net, `up${l}/bias`)) as tf.Tensor5D;
    h = tf.relu(instanceNorm(up, p(net, `up${l}/norm/gamma`), p(net, `up${l}/norm/beta`)));
    h = residualBlock(net, `dec${l}`, [skip, h]);
    deep.push(upsampleNearest(head(net, `deep${l}`, h), 2 ** l));
  }
  return { main: head(net, 'final', h), deep };
}

export function countParams(net: UNet): number {
  let n = 0;
  for (const v of net.params.values()) n += v.size;
  return n;
}
