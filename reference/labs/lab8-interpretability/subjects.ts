/**
 * The models lab 8 studies and the one test set they are studied on: lab 5's CNN and lab 7's
 * MobileNetV2 transfer model, each trained by its own lab's exported trainer on the same
 * ct-lesions data (SYNTHETIC lesions in REAL head CT, with lesion masks).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BackendName } from '../../core/backend.js';
import type { CtLesions } from '../../data/ct-lesions/index.js';
import type { ReferenceConfig } from '../../registry/types.js';
import type { ExplainableModel, LabelledImages } from './types.js';

export interface Subjects {
  models: ExplainableModel[];
  test: LabelledImages;
  checksums: Record<string, string>;
  description: string;
  synthetic: boolean;
  /** Anything the findings should say about how the models were obtained. */
  notes: string[];
}

/** One ct-lesions split as lab 8's LabelledImages (the same arrays, not copies). */
export function asLabelled(data: CtLesions, split: 'train' | 'val' | 'test'): LabelledImages {
  const s = data[split];
  return { size: data.size, count: s.count, x: s.x, y: s.y, masks: s.masks, names: s.names };
}

/** Lab 5's CNN (class-weighted, augmented), trained by lab 5's own trainer with its config of the same name. */
export async function lab5Subject(config: ReferenceConfig, seed: number, prefer?: BackendName): Promise<{ subject: ExplainableModel; data: CtLesions; seconds: number }> {
  const lab5 = await import('../lab5-classification/train.js');
  const { LAB5_GRADCAM_LAYER } = await import('../lab5-classification/model.js');
  const { disposeModelAndOptimizer } = await import('../../core/fit.js');
  const t = await lab5.trainLab5Model(config, seed, prefer ? { prefer } : {});
  const model = t.model;
  return {
    subject: { id: 'lab5', title: 'lab 5 CNN (5 convs, global max pooling, class weights, augmentation)', model, layerName: LAB5_GRADCAM_LAYER, dispose: () => disposeModelAndOptimizer(model) },
    data: t.data, seconds: t.seconds,
  };
}

/**
 * Lab 7's MobileNetV2 + head on the same ct-lesions options as lab 5 (so both models are explained
 * on the identical test set; checked here). `fineTune`: the last block too, not only the head.
 */
export async function lab7Subject(config: ReferenceConfig, seed: number, data: CtLesions, fineTune: boolean, prefer?: BackendName): Promise<ExplainableModel> {
  const lab7 = await import('../lab7-transfer/index.js');
  const c = { ...lab7.lab7Config(config), data: { ...data.options } };
  const t = await lab7.trainLab7Model(c, seed, { ...(prefer ? { prefer } : {}), fineTune });
  const same = t.test.count === data.test.count && t.test.x.every((v, i) => v === data.test.x[i]) && t.test.y.every((v, i) => v === data.test.y[i]);
  if (!same) { t.dispose(); throw new Error('lab 7 trained on a different ct-lesions test set than lab 5'); }
  try {
    const model = await freshCopy(t.model);
    return { id: 'lab7', title: t.title, model, toInput: t.toInput, layerName: t.layerName, dispose: () => { model.dispose(); t.dispose(); } };
  } catch (err) {
    t.dispose();
    throw err;
  }
}

/**
 * The same model rebuilt from its own topology and weights. Lab 7's classifier shares layers
 * with its backbone and head (a layer applied twice has two inbound nodes), which the
 * layer-by-layer runner of reference/core/interpret cannot follow; a reloaded copy has one node
 * per layer and computes the same function.
 */
export async function freshCopy(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!saved) throw new Error(`model ${model.name} could not be serialised`);
  return tfl.loadLayersModel(tf.io.fromMemory(saved));
}

/** Both labs' models on lab 5's ct-lesions data. A lab whose trainer fails is left out and named in the notes. */
export async function labSubjects(config: ReferenceConfig, seed: number, options: { fineTuneLab7?: boolean; prefer?: BackendName } = {}): Promise<Subjects> {
  const { prefer } = options;
  const notes: string[] = [];
  const five = await lab5Subject(config, seed, prefer);
  notes.push(`Lab 5's CNN trained in ${five.seconds.toFixed(1)} s.`);
  const models = [five.subject];
  try {
    const t0 = Date.now();
    models.push(await lab7Subject(config, seed, five.data, options.fineTuneLab7 ?? false, prefer));
    notes.push(`Lab 7's model trained in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
  } catch (err) {
    notes.push(`Lab 7's model is missing from this run: ${(err as Error).message.split('\n')[0]}.`);
  }
  return {
    models, test: asLabelled(five.data, 'test'), checksums: five.data.checksums, synthetic: true, notes,
    description: `ct-lesions (${five.data.description}) count ${five.data.options.count}, size ${five.data.size}, seed ${five.data.options.seed}.`,
  };
}
