/**
 * Layers-model save/load on the local filesystem (tfjs's 'file://' handler needs tfjs-node,
 * which does not install offline), and the offline pretrained MobileNetV2 that npm nsfwjs ships.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { z } from 'zod';
import { ParseError } from '../../harness/errors.js';

const weightSpecSchema = z.looseObject({ name: z.string(), shape: z.array(z.number().int()), dtype: z.string() });
const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSpecSchema) })),
  trainingConfig: z.record(z.string(), z.unknown()).optional(),
  userDefinedMetadata: z.record(z.string(), z.unknown()).optional(),
});
type ModelJson = z.infer<typeof modelJsonSchema>;

export interface SavedModelFiles { modelJson: string; weights: string; weightBytes: number }

/** Writes `dir/model.json` and `dir/weights.bin` (one shard), the layout tfjs-converter produces. */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<SavedModelFiles> {
  await mkdir(dir, { recursive: true });
  const files = { modelJson: path.join(dir, 'model.json'), weights: path.join(dir, 'weights.bin'), weightBytes: 0 };
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const data = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const json: ModelJson = {
      modelTopology: artifacts.modelTopology as Record<string, unknown>,
      format: artifacts.format, generatedBy: artifacts.generatedBy, convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: ['weights.bin'], weights: (artifacts.weightSpecs ?? []) as ModelJson['weightsManifest'][0]['weights'] }],
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig as unknown as Record<string, unknown> } : {}),
      ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    };
    await writeFile(files.weights, new Uint8Array(data));
    await writeFile(files.modelJson, JSON.stringify(json));
    files.weightBytes = data.byteLength;
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
  return files;
}

function parseModelJson(text: string, file: string): ModelJson {
  let raw: unknown;
  try { raw = JSON.parse(text); } catch (err) { throw new ParseError(`not JSON: ${(err as Error).message}`, file); }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) throw new ParseError(`not a tfjs Layers model.json: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.')}`, file);
  if (parsed.data.format !== undefined && parsed.data.format !== 'layers-model') {
    throw new ParseError(`format is '${parsed.data.format}', expected 'layers-model' (graph models cannot be fine-tuned)`, file);
  }
  return parsed.data;
}

function artifactsFrom(json: ModelJson, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  return {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy ?? null,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData,
    ...(json.trainingConfig ? { trainingConfig: json.trainingConfig as unknown as tf.io.TrainingConfig } : {}),
    ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> } : {}),
  };
}

/** Loads any tfjs Layers model from a folder with model.json and its weight shards (e.g. a converted ResNet50V2). */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  const file = path.join(dir, 'model.json');
  const json = parseModelJson(await readFile(file, 'utf8'), file);
  const root = path.resolve(dir);
  const shards: ArrayBuffer[] = [];
  for (const p of json.weightsManifest.flatMap((g) => g.paths)) {
    const shard = path.resolve(root, p);
    if (!shard.startsWith(root + path.sep)) throw new ParseError(`weight path '${p}' leaves the model folder`, file);
    const bytes = await readFile(shard);
    shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  return tfl.loadLayersModel({ load: async () => artifactsFrom(json, tf.io.concatenateArrayBuffers(shards)) });
}

/**
 * The MobileNetV2 Layers model (224×224×3, uint8-quantised, 2.6 M parameters) that npm nsfwjs
 * ships as base64 in dist/models/mobilenet_v2. It is the OFFLINE STAND-IN for the ImageNet
 * ResNet50V2 the course names: its backbone is a real pretrained CNN, but it was trained for
 * nsfwjs's 5 classes and is NOT an ImageNet-1k model. Use loadModel() for a real converted one.
 */
export async function loadMobileNetV2FromNsfwjs(): Promise<tfl.LayersModel> {
  const require = createRequire(import.meta.url);
  // nsfwjs's exports map hides dist/models; its folder holds UMD (CommonJS) bundles we can require by path.
  const pkgRoot = path.resolve(path.dirname(require.resolve('nsfwjs')), '..', '..');
  const folder = path.join(pkgRoot, 'dist', 'models', 'mobilenet_v2');
  const jsonFile = path.join(folder, 'model.min.js'), weightFile = path.join(folder, 'group1-shard1of1.min.js');
  const json = modelJsonSchema.safeParse(require(jsonFile));
  if (!json.success) throw new ParseError('nsfwjs model bundle does not hold a Layers model.json', jsonFile);
  const base64 = z.string().min(1).safeParse(require(weightFile));
  if (!base64.success) throw new ParseError('nsfwjs weight bundle is not a base64 string', weightFile);
  const bytes = Buffer.from(base64.data, 'base64');
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tfl.loadLayersModel(tf.io.fromMemory(artifactsFrom({ ...json.data, format: 'layers-model' }, data)));
}

/** Name of the last layer whose output is a spatial map (4D, larger than 1×1): the Grad-CAM target, 'out_relu' in MobileNetV2. */
export function lastSpatialLayerName(model: tfl.LayersModel): string {
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i]!;
    const shape = layer.outputShape;
    if (!Array.isArray(shape) || Array.isArray(shape[0]) || shape.length !== 4) continue;
    const [, h, w] = shape as (number | null)[];
    if ((h ?? 2) > 1 || (w ?? 2) > 1) return layer.name;
  }
  throw new Error(`model ${model.name} has no layer with a spatial (4D, larger than 1×1) output`);
}
