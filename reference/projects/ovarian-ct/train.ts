/**
 * Seeded training of the 3D U-Net: batch size 1 (the notebook's), flips as augmentation,
 * deep-supervised combined loss, AdamW stepped by a one-cycle schedule once per optimisation
 * step, validation Dice after every epoch, early stopping that restores the best weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, shuffledIndices, type Rng } from '../../core/seed.js';
import { createAdamW } from './adamw.js';
import type { OvarianConfig } from './config.js';
import { augment, classCounts, randomCrop, windowHu, type CtCase } from './data.js';
import { scoreVolume } from './evaluate.js';
import { classWeights, deepSupervisionLoss, type LossOptions } from './loss.js';
import { predictSliding } from './infer.js';
import { forwardUNet, type UNet } from './model.js';
import { oneCycle, type OneCycleOptions } from './schedule.js';

export const CLASSES = 3;

export interface EpochRecord { epoch: number; trainLoss: number; valLoss: number; valDice: number; seconds: number }
export interface TrainHistory {
  epochs: EpochRecord[];
  /** Learning rate and β1 used at each optimisation step. */
  steps: { step: number; lr: number; beta1: number }[];
  bestEpoch: number;
  bestValDice: number;
  stoppedEarly: boolean;
}

export function lossOptions(c: OvarianConfig): LossOptions {
  return { ceWeight: c.ceWeight, deepWeight: c.deepWeight, backgroundWeight: c.backgroundWeight, smooth: c.diceSmooth };
}

export function scheduleOptions(c: OvarianConfig, stepsPerEpoch: number): OneCycleOptions {
  return { maxLr: c.maxLr, totalSteps: c.epochs * stepsPerEpoch, pctStart: 0.3, divFactor: 25, finalDivFactor: 1000, baseMomentum: 0.85, maxMomentum: 0.95 };
}

/** [1, z, y, x, 1] input tensor of a windowed volume. */
export function volumeTensor(image: Float32Array, shape: [number, number, number]): tf.Tensor5D {
  return tf.tensor5d(image, [1, shape[2], shape[1], shape[0], 1]);
}

function oneHot(labels: Uint8Array, shape: [number, number, number]): tf.Tensor5D {
  return tf.tidy(() => tf.reshape(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), CLASSES), [1, shape[2], shape[1], shape[0], CLASSES]) as tf.Tensor5D);
}

/** Input, one-hot target and the notebook's per-batch class weights of one crop; dispose x and y. */
function lossInputs(image: Float32Array, labels: Uint8Array, shape: [number, number, number], c: OvarianConfig): { x: tf.Tensor5D; y: tf.Tensor5D; w: number[] } {
  return { x: volumeTensor(image, shape), y: oneHot(labels, shape), w: classWeights(classCounts(labels, CLASSES), c.backgroundWeight, 1e-5) };
}

/**
 * Mean over volumes of the mean foreground Dice (primary, metastasis; course convention) of
 * the sliding-window prediction, plus the mean main-head loss on lesion-containing crops of
 * the validation volumes (one per volume, drawn with a fixed seed so epochs compare).
 */
export function validate(net: UNet, cases: readonly CtCase[], c: OvarianConfig): { dice: number; loss: number } {
  let dice = 0, loss = 0;
  const lo = lossOptions(c);
  const rng = createRng(c.dataSeed);
  for (const k of cases) {
    const image = windowHu(k.hu, c.windowHu);
    const crop = randomCrop(image, k.labels, k.shape, c.crop, 1, rng);
    const { x, y, w } = lossInputs(crop.image, crop.labels, c.crop, c);
    loss += tf.tidy(() => deepSupervisionLoss({ main: forwardUNet(net, x).main, deep: [] }, y, w, lo).main.dataSync()[0]!);
    x.dispose(); y.dispose();
    dice += scoreVolume(k, predictSliding(net, image, k.shape, c.crop, c.overlap)).meanForeground;
  }
  return { dice: dice / cases.length, loss: loss / cases.length };
}

/** One optimisation step on one volume; returns the total (deep-supervised) loss. */
export function trainStep(net: UNet, opt: ReturnType<typeof createAdamW>, image: Float32Array, labels: Uint8Array, shape: [number, number, number], c: OvarianConfig, lr: number, beta1: number): number {
  const { x, y, w } = lossInputs(image, labels, shape, c);
  const { value, grads } = tf.variableGrads(() => deepSupervisionLoss(forwardUNet(net, x), y, w, lossOptions(c)).total, [...net.params.values()]);
  opt.step(grads, lr, beta1);
  const loss = value.dataSync()[0]!;
  value.dispose(); x.dispose(); y.dispose();
  for (const g of Object.values(grads)) g.dispose();
  return loss;
}

export function trainUNet(net: UNet, train: readonly CtCase[], val: readonly CtCase[], c: OvarianConfig, rng: Rng, onEpoch?: (e: EpochRecord) => void): TrainHistory {
  const opt = createAdamW(net.params, { weightDecay: c.weightDecay, amsgrad: c.amsgrad });
  const stepsPerEpoch = train.length * c.cropsPerPatient;
  const sched = scheduleOptions(c, stepsPerEpoch);
  const windowed = train.map((k) => windowHu(k.hu, c.windowHu));
  const history: TrainHistory = { epochs: [], steps: [], bestEpoch: -1, bestValDice: -Infinity, stoppedEarly: false };
  let best: Map<string, tf.Tensor> | null = null;
  let stale = 0;
  try {
    for (let epoch = 0; epoch < c.epochs; epoch++) {
      const t0 = Date.now();
      let sum = 0;
      for (let r = 0; r < c.cropsPerPatient; r++) for (const i of shuffledIndices(rng, train.length)) {
        const k = train[i]!;
        const crop = randomCrop(windowed[i]!, k.labels, k.shape, c.crop, c.foregroundProb, rng);
        const a = augment(crop.image, crop.labels, c.crop, rng);
        const s = history.steps.length;
        const { lr, beta1 } = oneCycle(s, sched);
        history.steps.push({ step: s, lr, beta1 });
        sum += trainStep(net, opt, a.image, a.labels, c.crop, c, lr, beta1);
      }
      const v = validate(net, val, c);
      const rec: EpochRecord = { epoch: epoch + 1, trainLoss: sum / stepsPerEpoch, valLoss: v.loss, valDice: v.dice, seconds: (Date.now() - t0) / 1000 };
      history.epochs.push(rec);
      onEpoch?.(rec);
      if (v.dice > history.bestValDice) {
        history.bestValDice = v.dice; history.bestEpoch = epoch + 1; stale = 0;
        if (best) for (const t of best.values()) t.dispose();
        best = new Map([...net.params].map(([n, p]) => [n, tf.clone(p)]));
      } else if (++stale >= c.patience && epoch + 1 > Math.ceil(sched.pctStart * c.epochs)) {
        // No stop during the one-cycle warm-up: early validation Dice is noise around 0.
        history.stoppedEarly = true;
        break;
      }
    }
  } finally {
    opt.dispose();
  }
  if (best) {
    for (const [n, t] of best) { net.params.get(n)!.assign(t); t.dispose(); }
  }
  return history;
}
