/**
 * The models lab 8 studies and the one test set they are studied on: lab 5's CNN and lab 7's
 * MobileNetV2 transfer model, each trained by its own lab's exported trainer on the same
 * ct-lesions data (SYNTHETIC lesions in REAL head CT, with lesion masks).
 */
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
  const { disposeModelAndOptimizer } = await import('../lab3-cnn/train.js');
  const t = await lab5.trainLab5Model(config, seed, prefer ? { prefer } : {});
  const model = t.model;
  return {
    subject: { id: 'lab5', title: 'lab 5 CNN (5 convs, global max pooling, class weights, augmentation)', model, layerName: LAB5_GRADCAM_LAYER, dispose: () => disposeModelAndOptimizer(model) },
    data: t.data, seconds: t.seconds,
  };
}

/** Both labs' models on lab 5's ct-lesions data. */
export async function labSubjects(config: ReferenceConfig, seed: number, prefer?: BackendName): Promise<Subjects> {
  const notes: string[] = [];
  const five = await lab5Subject(config, seed, prefer);
  notes.push(`lab 5 trained in ${five.seconds.toFixed(1)} s.`);
  const models = [five.subject];
  return {
    models, test: asLabelled(five.data, 'test'), checksums: five.data.checksums, synthetic: true, notes,
    description: `ct-lesions (${five.data.description}) count ${five.data.options.count}, size ${five.data.size}, seed ${five.data.options.seed}.`,
  };
}
