import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ParseError } from '../../../harness/errors.js';
import { decodeImage } from './image-decode.js';

/** Images of one shape with their class labels, as read from `root/<class>/<file>`. */
export interface ImageFolder {
  /** One Float32Array per image, [height, width, channels] row-major, raw values. */
  images: Float32Array[];
  /** [height, width, channels], the same for every image. */
  shape: [number, number, number];
  bitDepth: 8 | 16;
  /** Index into `classes` per image. */
  labels: number[];
  /** Sorted class folder names. */
  classes: string[];
  /** Paths relative to root, in the order of `images`. */
  files: string[];
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

/**
 * Reads every PNG/JPEG in the class folders under `root` (sorted, so the order
 * is the same on every machine). An image whose size, channel count or bit depth
 * differs from the first is a ParseError naming it; `limitPerClass` keeps the
 * first N of each class.
 */
export function readImageFolder(root: string, options: { limitPerClass?: number } = {}): ImageFolder {
  let classes: string[];
  try {
    classes = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory()).sort();
  } catch (e) {
    throw new ParseError(`cannot list the image folder: ${(e as Error).message}`, root);
  }
  if (classes.length === 0) throw new ParseError('no class folders: expected root/<class>/<image>.png', root);
  const out: ImageFolder = { images: [], shape: [0, 0, 0], bitDepth: 8, labels: [], classes, files: [] };
  classes.forEach((cls, label) => {
    const names = readdirSync(join(root, cls)).filter((f) => IMAGE_EXT.test(f)).sort();
    for (const name of names.slice(0, options.limitPerClass ?? names.length)) {
      const path = join(root, cls, name);
      const img = decodeImage(readFileSync(path), path);
      const shape: [number, number, number] = [img.height, img.width, img.channels];
      if (out.images.length === 0) { out.shape = shape; out.bitDepth = img.bitDepth; }
      else if (shape.join() !== out.shape.join() || img.bitDepth !== out.bitDepth) {
        throw new ParseError(
          `image is ${shape.join('×')} ${img.bitDepth}-bit, the folder's first image is ${out.shape.join('×')} ${out.bitDepth}-bit`, path);
      }
      out.images.push(img.pixels);
      out.labels.push(label);
      out.files.push(relative(root, path));
    }
  });
  if (out.images.length === 0) throw new ParseError('the class folders hold no .png or .jpg files', root);
  return out;
}
