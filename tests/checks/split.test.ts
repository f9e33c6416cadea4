import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRubric } from '../../harness/rubric/load.js';
import { sliceClasses, sliceDatasetCheck, sliceSplits } from '../../harness/checks/split/slice-dataset.js';
import type { Unpacked } from '../../harness/pipeline/types.js';

const SLICE_CLASS = `
class SliceDataset(Dataset):
    def __init__(self, folder):
        self.items = []
        for name in sorted(os.listdir(folder)):
            vol = nib.load(os.path.join(folder, name)).get_fdata()
            for z in range(vol.shape[2]):
                self.items.append((name, z))

    def __len__(self):
        return len(self.items)
`;

const VOLUME_CLASS = `
class VolumeDataset(Dataset):
    def __init__(self, folder):
        self.files = sorted(os.listdir(folder))

    def __len__(self):
        return len(self.files)
`;

describe('split/slice-dataset', () => {
  it.each([
    ['random_split', 'ds = SliceDataset("/data/train")\ntrain_ds, val_ds = random_split(ds, [0.8, 0.2])\n'],
    ['train_test_split', 'ds = SliceDataset("/data/train")\na, b = train_test_split(ds, test_size=0.2)\n'],
    ['randperm indices', 'ds = SliceDataset("/data/train")\nidx = torch.randperm(len(ds))\n'],
    ['shuffled range', 'ds = SliceDataset("/data/train")\nrandom.shuffle(list(range(len(ds))))\n'],
  ])('flags %s over a Dataset whose items are slices', (_name, tail) => {
    const hits = sliceSplits(SLICE_CLASS + tail);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.cls.name).toBe('SliceDataset');
    expect(hits[0]!.line).toBe(SLICE_CLASS.split('\n').length + 1);
  });

  it.each([
    ['a Dataset of whole volumes', VOLUME_CLASS + 'ds = VolumeDataset("/data/train")\ntrain_ds, val_ds = random_split(ds, [0.8, 0.2])\n'],
    ['a grouped split', SLICE_CLASS + 'ds = SliceDataset("/data/train")\nfor a, b in GroupKFold(5).split(ds, groups=ds.patients): pass\nx = KFold(5).split(ds, groups=g)\n'],
    ['files split before slicing', SLICE_CLASS + 'files = sorted(os.listdir("/data/train"))\na, b = train_test_split(files, test_size=0.2)\ntrain_ds = SliceDataset(a)\n'],
  ])('does not flag %s', (_name, code) => {
    expect(sliceSplits(code)).toEqual([]);
  });

  it('finds slice classes that index slices instead of appending pairs', () => {
    const code = 'class S:\n    def __init__(self, v):\n        self.x = []\n        for k in range(v.shape[-1]):\n            self.x.append(v[:, :, k])\n';
    expect(sliceClasses(code.split('\n')).map((c) => c.name)).toEqual(['S']);
  });

  it('reports a finding with file, line, excerpt and fix, only for segmentation rubrics', async () => {
    const root = mkdtempSync(join(tmpdir(), 'split-'));
    const code = SLICE_CLASS + 'ds = SliceDataset("/data/train")\ntrain_ds, val_ds = random_split(ds, [0.8, 0.2])\n';
    writeFileSync(join(root, 'train.py'), code);
    const submission = { id: 's', group: null, sources: [root], root, files: ['train.py'], report: null, hash: 'x' } as unknown as Unpacked;
    const seg = loadRubric('rubrics/ovarian.yaml').rubric;
    const findings = await sliceDatasetCheck().run({ submission, rubric: seg });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'split', severity: 'error', file: 'train.py', line: 13, excerpt: 'train_ds, val_ds = random_split(ds, [0.8, 0.2])' });
    expect(findings[0]!.fix).toMatch(/volume files/);
    const covid = loadRubric('rubrics/covid.yaml').rubric;
    expect(await sliceDatasetCheck().run({ submission, rubric: covid })).toEqual([]);
  });
});

describe('split/slice-dataset index aliases', () => {
  it('follows idx = list(range(len(ds))) into a later shuffle', () => {
    const hits = sliceSplits(SLICE_CLASS + 'ds = SliceDataset("/data/train")\nidx = list(range(len(ds)))\nnp.random.shuffle(idx)\n');
    expect(hits.map((h) => h.target)).toEqual(['idx']);
  });
});
