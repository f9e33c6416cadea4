import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MedgradeError } from '../../../harness/errors.js';
import { readCsvTable } from '../../../reference/core/io/csv.js';
import { readIdx } from '../../../reference/core/io/idx.js';
import { readImageFolder } from '../../../reference/core/io/image-folder.js';
import { readNifti } from '../../../reference/core/io/nifti-read.js';
import {
  BREAST_CANCER_SOURCES, COLIN_SOURCES, CRANIUM_SOURCES, DIGITS_SOURCES, ECG_SOURCES, FASHION_SOURCES, ITK_SOURCES,
  MNIST_SOURCES, NITIME_SOURCES, adapterCommands, sourcesPresent, verifySources, type SourceFile,
} from '../../../reference/data/adapters/index.js';
import { decodeNpy } from '../../../reference/data/adapters/npy.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgrade-adapters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const commands = adapterCommands();

function npy(path: string): { descr: string; shape: number[] } {
  return decodeNpy(readFileSync(path), path);
}

function dataset(out: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(out, 'DATASET.json'), 'utf8'));
}

/** Runs one adapter into a fresh folder, or skips with the package to install. */
function adapterCase(name: string, sources: SourceFile[], check: (out: string) => void, count?: number, timeout = 20_000): void {
  const present = sourcesPresent(sources);
  if (!present) console.warn(`skipping adapter ${name}: ${sources[0]!.from.kind} package ${sources[0]!.from.name} is not installed`);
  it.skipIf(!present)(`${name} writes its layout and DATASET.json`, async () => {
    const out = join(tmp, name);
    const lines = await commands[name]!.run({ out, count });
    expect(lines[0]).toMatch(/REAL/);
    const meta = dataset(out);
    expect(meta).toMatchObject({ name, real: true, synthetic: false });
    expect(String(meta.licence).length).toBeGreaterThan(3);
    expect((meta.sources as { sha256: string }[]).map((s) => s.sha256)).toEqual(sources.map((s) => s.sha256));
    check(out);
  }, timeout);
}

describe('adapterCommands', () => {
  it('lists every adapter and the ovarian generator, which alone is synthetic', () => {
    expect(Object.keys(commands).sort()).toEqual(['breast-cancer', 'colin27-aal', 'digits', 'fashion-mnist', 'invesalius-ct',
      'itk-t1', 'mitbih-ecg', 'mnist', 'nitime-fmri', 'ovarian-synthetic']);
    expect(Object.entries(commands).filter(([, c]) => !c.real).map(([n]) => n)).toEqual(['ovarian-synthetic']);
  });
});

describe('verifySources', () => {
  const from = { kind: 'debian', name: 'some-package', version: '1' } as const;
  it('names the package to install when a file is missing', () => {
    let e: unknown;
    try { verifySources([{ path: join(tmp, 'absent.bin'), sha256: '0', from }]); } catch (err) { e = err; }
    expect(e).toBeInstanceOf(MedgradeError);
    expect((e as MedgradeError).code).toBe('E_INPUT_NOT_FOUND');
    expect((e as Error).message).toMatch(/apt-get install -y --no-install-recommends some-package/);
  });
  it('refuses a file whose sha256 changed', () => {
    const path = join(tmp, 'changed.bin');
    writeFileSync(path, 'hello');
    const good = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
    expect(verifySources([{ path, sha256: good, from }]).get(path)!.toString()).toBe('hello');
    let e: unknown;
    try { verifySources([{ path, sha256: good.replace('2', '3'), from }]); } catch (err) { e = err; }
    expect((e as MedgradeError).code).toBe('E_INPUT_FORMAT');
    expect((e as MedgradeError).file).toBe(path);
  });
});

describe('adapters on the installed packages', () => {
  adapterCase('breast-cancer', BREAST_CANCER_SOURCES, (out) => {
    const t = readCsvTable(join(out, 'breast_cancer.csv'));
    expect(t.header[0]).toBe('mean radius');
    expect(t.header.slice(-2)).toEqual(['target', 'diagnosis']);
    expect(t.rows.filter((r) => r.at(-1) === 'malignant').length).toBe(212);
    expect(npy(join(out, 'X.npy'))).toMatchObject({ descr: '<f8', shape: [569, 30] });
  });
  adapterCase('digits', DIGITS_SOURCES, (out) => {
    expect(npy(join(out, 'X.npy'))).toMatchObject({ descr: '|u1', shape: [1797, 8, 8] });
    const f = readImageFolder(join(out, 'png'));
    expect(f.images.length).toBe(3);
    expect(f.shape).toEqual([8, 8, 1]);
  }, 3);
  adapterCase('fashion-mnist', FASHION_SOURCES, (out) => {
    expect(readIdx(join(out, 't10k-labels-idx1-ubyte.gz')).shape).toEqual([10000]);
    const f = readImageFolder(join(out, 'png', 'test'));
    expect(f.images.length).toBe(2);
    expect(f.classes).toEqual(['Ankle_boot', 'Pullover']); // the first two test labels are 9 and 2
  }, 2);
  adapterCase('mnist', MNIST_SOURCES, (out) => {
    expect(readIdx(join(out, 'train-images-idx3-ubyte')).shape).toEqual([60000, 28, 28]);
    expect(readImageFolder(join(out, 'png', 'train')).classes).toEqual(['0', '5']); // labels 5, 0
  }, 2);
  adapterCase('mitbih-ecg', ECG_SOURCES, (out) => {
    expect(npy(join(out, 'ecg_mv.npy'))).toMatchObject({ descr: '<f4', shape: [108000] });
    // scipy.misc.electrocardiogram()[:3] for record 208
    expect(readFileSync(join(out, 'ecg.csv'), 'utf8').split('\n').slice(1, 4).map((l) => Number(l.split(',')[2]))).toEqual([-0.245, -0.215, -0.185]);
  });
  adapterCase('nitime-fmri', NITIME_SOURCES, (out) => {
    expect(npy(join(out, 'bold.npy')).shape).toEqual([3360]);
    expect(readdirSync(out).sort()).toEqual(['DATASET.json', 'bold.npy', 'event_related_fmri.csv', 'events.npy', 'fmri_timeseries.csv']);
  });
  adapterCase('itk-t1', ITK_SOURCES, (out) => {
    const seg = readNifti(join(out, 'kmeans_segmentation.nii.gz'), { labels: true });
    expect(seg.shape).toEqual([128, 128, 62]);
    expect(new Set(seg.data).size).toBe(7);
  });
  adapterCase('colin27-aal', COLIN_SOURCES, (out) => {
    expect(readCsvTable(join(out, 'aal_labels.csv')).rows.length).toBe(116);
    expect(readNifti(join(out, 'aal.nii.gz')).shape).toEqual([181, 217, 181]);
  });
  adapterCase('invesalius-ct', CRANIUM_SOURCES, (out) => {
    const ct = readNifti(join(out, 'ct.nii.gz'));
    const bone = readNifti(join(out, 'masks', 'bone.nii.gz'), { labels: true });
    expect(ct.shape).toEqual([256, 256, 108]);
    expect(ct.datatype).toBe('int16');
    expect(bone.shape).toEqual(ct.shape);
    // InVesalius' bone mask is the threshold 226..3071 HU: cropped onto the CT grid it must agree voxel for voxel.
    let disagree = 0;
    for (let i = 0; i < ct.data.length; i++) if ((ct.data[i]! >= 226 && ct.data[i]! <= 3071 ? 1 : 0) !== bone.data[i]) disagree++;
    expect(disagree).toBe(0);
  }, undefined, 60_000);
});
