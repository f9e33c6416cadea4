import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from '../../../harness/errors.js';
import { readNifti } from '../../core/io/nifti-read.js';
import type { Volume } from '../../core/io/nifti-types.js';
import { writeDatasetJson } from './describe.js';
import { verifySources, type SourceFile } from './source.js';

const MRICRON = '/usr/share/mricron/templates';
const mricronFrom = { kind: 'debian', name: 'mricron-data', version: '1.2.20211006+dfsg-4' } as const;
export const COLIN_SOURCES: SourceFile[] = [
  { path: join(MRICRON, 'ch2.nii.gz'), sha256: 'a009051127f64dc3dd554d5f5b589870ea72106d9642c21b4e7093e478cfc309', from: mricronFrom },
  { path: join(MRICRON, 'aal.nii.gz'), sha256: 'b512dcd3f36b77f56be7a9a038134096e66314b7e8c31d25875b96bcf6991454', from: mricronFrom },
  { path: join(MRICRON, 'aal.nii.txt'), sha256: '1788d6556a9ec056de9867b2382cf1ce1b51b87ae4cfd9cd25de48ae4dde709e', from: mricronFrom },
];

const ITK = '/usr/share/doc/insighttoolkit5-examples/examples/Data';
const itkFrom = { kind: 'debian', name: 'insighttoolkit5-examples', version: '5.2.1-5+deb12u1' } as const;
export const ITK_SOURCES: SourceFile[] = [
  { path: join(ITK, 'KmeansTest_T1UCharRaw.nii.gz'), sha256: 'e0e5975587f3f7916804bdd317c493cdb99cdb3703bf2671d458528f62510327', from: itkFrom },
  { path: join(ITK, 'KmeansTest_T1KmeansPrelimSegmentation.nii.gz'), sha256: '8f48a7ced6d27644489b8a2fc8084bf6594560d05f8997ad4327b6353d11f342', from: itkFrom },
  { path: join(ITK, 'KmeansTest_T1RawSkullStrip.nii.gz'), sha256: 'f3ca85fa9559f7cc4b7c3ca862355cf0e7351505bdc62e3144b7fe6f6da37f3b', from: itkFrom },
];

function sameGrid(a: Volume, b: Volume, file: string): void {
  const close = a.affine.flat().every((v, i) => Math.abs(v - b.affine.flat()[i]!) < 1e-4);
  if (a.shape.join() !== b.shape.join() || !close) throw new ParseError(`not on the grid of the image (${a.shape.join('×')})`, file);
}

function labelCounts(v: Volume): Map<number, number> {
  const counts = new Map<number, number>();
  for (const x of v.data) counts.set(x, (counts.get(x) ?? 0) + 1);
  return counts;
}

/**
 * Colin27 (ch2) T1 and the AAL atlas on its grid. Both NIfTI files are copied
 * unchanged; the label names go to aal_labels.csv (index,name,code).
 */
export function adaptColin27Aal(o: { out: string }): string[] {
  verifySources(COLIN_SOURCES);
  const [t1Src, aalSrc, txtSrc] = COLIN_SOURCES.map((s) => s.path) as [string, string, string];
  const t1 = readNifti(t1Src);
  const aal = readNifti(aalSrc, { labels: true });
  sameGrid(t1, aal, aalSrc);
  const names = readFileSync(txtSrc, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l, i) => {
    const m = /^(\d+)\s+(\S+)\s+(\d+)$/.exec(l.trim());
    if (!m) throw new ParseError(`line ${i + 1}: expected "index name code"`, txtSrc);
    return { index: Number(m[1]), name: m[2]!, code: Number(m[3]) };
  });
  const counts = labelCounts(aal);
  const unknown = [...counts.keys()].filter((k) => k !== 0 && !names.some((n) => n.index === k));
  if (unknown.length) throw new ParseError(`labels ${unknown.join(', ')} have no name in aal.nii.txt`, aalSrc);
  mkdirSync(o.out, { recursive: true });
  copyFileSync(t1Src, join(o.out, 'ch2_t1.nii.gz'));
  copyFileSync(aalSrc, join(o.out, 'aal.nii.gz'));
  writeFileSync(join(o.out, 'aal_labels.csv'), ['index,name,code', ...names.map((n) => `${n.index},${n.name},${n.code}`)].join('\n') + '\n');
  const present = counts.size - (counts.has(0) ? 1 : 0);
  writeDatasetJson(o.out, {
    name: 'colin27-aal', real: true, licence: 'BSD-3-Clause (MRIcron templates)',
    layout: {
      'ch2_t1.nii.gz': `Colin27 T1, ${t1.shape.join('×')} ${t1.datatype}, ${t1.spacing.slice(0, 3).join('×')} mm, MNI space`,
      'aal.nii.gz': `AAL atlas on the same grid, ${present} labels present (0 = background)`,
      'aal_labels.csv': 'index,name,code for every AAL label',
    },
    steps: ['verified sha256', 'read both volumes and checked they share shape and affine', 'checked every label has a name', 'copied the NIfTI files unchanged'],
  }, COLIN_SOURCES);
  return [`Wrote REAL Colin27 T1 + AAL (${present} labels, ${t1.shape.join('×')}) to ${o.out}`, `  see ${o.out}/DATASET.json`];
}

/** ITK's 128×128×62 T1 with its k-means segmentation and skull-stripped T1, copied after a grid check. */
export function adaptItkT1(o: { out: string }): string[] {
  verifySources(ITK_SOURCES);
  const [t1Src, segSrc, stripSrc] = ITK_SOURCES.map((s) => s.path) as [string, string, string];
  const t1 = readNifti(t1Src);
  const seg = readNifti(segSrc, { labels: true });
  const strip = readNifti(stripSrc);
  sameGrid(t1, seg, segSrc);
  sameGrid(t1, strip, stripSrc);
  const counts = [...labelCounts(seg).entries()].sort((a, b) => a[0] - b[0]);
  mkdirSync(o.out, { recursive: true });
  copyFileSync(t1Src, join(o.out, 't1.nii.gz'));
  copyFileSync(segSrc, join(o.out, 'kmeans_segmentation.nii.gz'));
  copyFileSync(stripSrc, join(o.out, 't1_skull_stripped.nii.gz'));
  writeDatasetJson(o.out, {
    name: 'itk-t1', real: true, licence: 'Apache-2.0 (Insight Toolkit examples)',
    layout: {
      't1.nii.gz': `T1 MR, ${t1.shape.join('×')} ${t1.datatype}`,
      'kmeans_segmentation.nii.gz': `k-means tissue labels ${counts.map(([k]) => k).join(', ')}`,
      't1_skull_stripped.nii.gz': 'the T1 with the skull removed',
    },
    steps: ['verified sha256', 'checked the three volumes share one grid', 'copied the NIfTI files unchanged'],
    notes: [`voxels per label: ${counts.map(([k, n]) => `${k}:${n}`).join(' ')}`],
  }, ITK_SOURCES);
  return [`Wrote REAL ITK T1 (${t1.shape.join('×')}, ${counts.length} segmentation labels) to ${o.out}`, `  see ${o.out}/DATASET.json`];
}
