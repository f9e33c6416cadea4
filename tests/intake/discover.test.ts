import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverSubmissions } from '../../harness/intake/discover.js';
import { groupFromName, slug, uniqueIds } from '../../harness/intake/names.js';
import { unpack } from '../../harness/pipeline/unpack.js';
import { buildZip } from './zips.js';

const tmp = mkdtempSync(join(tmpdir(), 'medgrade-discover-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('LMS names', () => {
  it.each([
    ['Group 12 - final version.zip', 12],
    ['group12', 12],
    ['Report_group12.pdf', 12],
    ['REPORT_GROUP07.PDF', 7],
    ['12345-678 - Group_3 - Report_group3.pdf', 3],
    ['my project.zip', null],
  ])('%s → %s', (name, group) => expect(groupFromName(name)).toBe(group));

  it('makes filesystem-safe, unique slugs', () => {
    expect(slug('Mijn Prôject (v2).zip')).toBe('mijn-project-v2');
    expect(slug('../../etc')).toBe('etc');
    expect(uniqueIds(['group-1', 'group-1', 'group-1-2', 'a'])).toEqual(['group-1', 'group-1-3', 'group-1-2', 'a']);
  });
});

describe('discoverSubmissions', () => {
  it('pairs loose reports with zips and folders in a mixed batch', async () => {
    const batch = join(tmp, 'batch');
    mkdirSync(join(batch, 'group3', 'src'), { recursive: true });
    writeFileSync(join(batch, 'group3', 'train.py'), 'print(3)\n');
    mkdirSync(join(batch, 'loose project'), { recursive: true });
    writeFileSync(join(batch, 'loose project', 'train.py'), 'print(0)\n');
    writeFileSync(join(batch, 'Group 12 - final.zip'), await buildZip([{ name: 'g12/train.py', data: 'print(12)\n' }]));
    writeFileSync(join(batch, 'Report_group12.pdf'), '%PDF-1.4 fake');
    writeFileSync(join(batch, 'report_GROUP3.pdf'), '%PDF-1.4 fake');
    writeFileSync(join(batch, 'Report_group99.pdf'), '%PDF-1.4 fake');
    writeFileSync(join(batch, 'notes.txt'), 'ignored');
    const found = discoverSubmissions([batch]);
    const summary = found.map((d) => ({
      id: d.id, group: d.group, kind: d.packageKind,
      pkg: d.package && basename(d.package), report: d.report && basename(d.report),
      findings: d.findings.map((f) => f.kind),
    }));
    expect(summary).toEqual([
      { id: 'group-12', group: 12, kind: 'zip', pkg: 'Group 12 - final.zip', report: 'Report_group12.pdf', findings: [] },
      { id: 'group-3', group: 3, kind: 'folder', pkg: 'group3', report: 'report_GROUP3.pdf', findings: [] },
      { id: 'loose-project', group: null, kind: 'folder', pkg: 'loose project', report: null, findings: [] },
      { id: 'group-99', group: 99, kind: null, pkg: null, report: 'Report_group99.pdf', findings: ['missing-file'] },
    ]);
    expect(found[3]!.findings[0]!.message).toMatch(/no code package for group 99/);
    const u = await unpack(found[0]!, join(tmp, 'work'));
    expect(u.files).toEqual(['train.py']);
    expect(u.report).toBe(join(batch, 'Report_group12.pdf'));
    expect(u.sources.map((s) => basename(s))).toEqual(['Group 12 - final.zip', 'Report_group12.pdf']);
    const orphan = await unpack(found[3]!, join(tmp, 'work'));
    expect(orphan.files).toEqual([]);
    expect(orphan.report).toBe(join(batch, 'Report_group99.pdf'));
  });

  it('flags two packages for one group and keeps both with distinct ids', async () => {
    const batch = join(tmp, 'dupes');
    mkdirSync(batch, { recursive: true });
    writeFileSync(join(batch, 'Group 5 - v1.zip'), await buildZip([{ name: 'train.py', data: '1' }]));
    writeFileSync(join(batch, 'Group 5 - v2.zip'), await buildZip([{ name: 'train.py', data: '2' }]));
    const found = discoverSubmissions([batch]);
    expect(found.map((d) => d.id)).toEqual(['group-5', 'group-5-2']);
    for (const d of found) {
      expect(d.findings.map((f) => [f.kind, f.severity])).toEqual([['unreadable-input', 'error']]);
      expect(d.findings[0]!.message).toContain('Group 5 - v1.zip, Group 5 - v2.zip');
    }
  });

  it('treats a folder with code at its top as one submission and finds a report inside', async () => {
    const sub = join(tmp, 'Group 8');
    mkdirSync(join(sub, 'docs'), { recursive: true });
    writeFileSync(join(sub, 'train.py'), '');
    writeFileSync(join(sub, 'docs', 'Report_group8.pdf'), '%PDF');
    const [d, ...rest] = discoverSubmissions([sub]);
    expect(rest).toEqual([]);
    expect(d!.id).toBe('group-8');
    const u = await unpack(d!, join(tmp, 'work8'));
    expect(u.report).toBe(join(u.root, 'docs', 'Report_group8.pdf'));
  });

  it('expands LMS bulk-download folders: one folder per group holding the zip and the PDF', async () => {
    const batch = join(tmp, 'lms');
    const g4 = join(batch, '81234-55678 - Group 4 - Apr 25, 2025 1145 PM');
    const g9 = join(batch, '81299-55678 - Group 9 - Apr 25, 2025 1150 PM');
    mkdirSync(g4, { recursive: true });
    mkdirSync(g9, { recursive: true });
    writeFileSync(join(g4, 'project.zip'), await buildZip([{ name: 'train.py', data: '4' }]));
    writeFileSync(join(g4, 'Report_group4.pdf'), '%PDF');
    writeFileSync(join(g9, 'code.zip'), await buildZip([{ name: 'train.py', data: '9' }]));
    writeFileSync(join(g9, 'verslag.pdf'), '%PDF');
    const found = discoverSubmissions([batch]);
    expect(found.map((d) => [d.id, d.group, d.package && basename(d.package), d.report && basename(d.report), d.findings.length])).toEqual([
      ['group-4', 4, 'project.zip', 'Report_group4.pdf', 0],
      ['group-9', 9, 'code.zip', 'verslag.pdf', 0],
    ]);
  });

  it('pairs uploads that name no group by their LMS folder, and flags a second report', async () => {
    const batch = join(tmp, 'lms-nogroup');
    const a = join(batch, '81234 - Jan Jansen - Apr 25');
    const b = join(batch, '81235 - Group 2 - Apr 25');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(join(a, 'project.zip'), await buildZip([{ name: 'train.py', data: '' }]));
    writeFileSync(join(a, 'paper.pdf'), '%PDF');
    writeFileSync(join(b, 'code.zip'), await buildZip([{ name: 'train.py', data: '' }]));
    writeFileSync(join(b, 'Report_group2.pdf'), '%PDF');
    writeFileSync(join(b, 'Report_group2_old.pdf'), '%PDF');
    const found = discoverSubmissions([batch]);
    expect(found.map((d) => [d.id, d.report && basename(d.report), d.findings.map((f) => f.severity)])).toEqual([
      ['project', 'paper.pdf', []],
      ['group-2', 'Report_group2.pdf', ['warning']],
    ]);
  });

  it('keeps a .rar upload as a rejected submission with a finding, paired with its report', async () => {
    const batch = join(tmp, 'rar');
    mkdirSync(batch, { recursive: true });
    writeFileSync(join(batch, 'Group 6 - code.rar'), 'Rar!');
    writeFileSync(join(batch, 'Report_group6.pdf'), '%PDF');
    const [d, ...rest] = discoverSubmissions([batch]);
    expect(rest).toEqual([]);
    expect([d!.id, d!.packageKind, basename(d!.report!)]).toEqual(['group-6', null, 'Report_group6.pdf']);
    expect(d!.findings.map((f) => [f.kind, f.file])).toEqual([['unreadable-input', 'Group 6 - code.rar']]);
    const u = await unpack(d!, join(tmp, 'work-rar'));
    expect(u.rejected).toBe(true);
    expect(u.files).toEqual([]);
  });

  it('pairs a report with code in a subfolder of a group-named folder', () => {
    const sub = join(tmp, 'Group 31');
    mkdirSync(join(sub, 'code'), { recursive: true });
    writeFileSync(join(sub, 'code', 'train.py'), '');
    writeFileSync(join(sub, 'Report_group31.pdf'), '%PDF');
    expect(discoverSubmissions([sub]).map((d) => [d.id, d.package && basename(d.package), d.report && basename(d.report)]))
      .toEqual([['group-31', 'code', 'Report_group31.pdf']]);
  });

  it('treats a batch holding a single group folder as a batch', () => {
    const batch = join(tmp, 'single');
    mkdirSync(join(batch, 'group21'), { recursive: true });
    writeFileSync(join(batch, 'group21', 'train.py'), '');
    expect(discoverSubmissions([batch]).map((d) => d.id)).toEqual(['group-21']);
  });

  it('throws a coded error for an input that does not exist', () => {
    expect(() => discoverSubmissions([join(tmp, 'nope.zip')])).toThrow(expect.objectContaining({ code: 'E_INPUT_NOT_FOUND' }));
  });
});
