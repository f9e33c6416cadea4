import { describe, expect, it } from 'vitest';
import { loadRubric } from '../../../../harness/rubric/load.js';
import { lab7Config, LAB7_DATA } from '../../../../reference/labs/lab7-transfer/index.js';
import { createRegistry } from '../../../../reference/registry/registry.js';

describe('rubrics/lab7.yaml', () => {
  const { rubric } = loadRubric('rubrics/lab7.yaml');
  const covid = loadRubric('rubrics/covid.yaml').rubric;

  it('grades predictions on the same ct-lesions data the small reference measured its band on', () => {
    expect(rubric.task.dataset).toBe('ct-lesions');
    expect(rubric.task.layout).toBe('image-folder');
    const small = lab7Config('small').data;
    for (const k of ['count', 'size', 'seed'] as const) expect(rubric.task.datasetOptions[k]).toBe(small[k]);
    expect(small.count).toBe(LAB7_DATA.count);
    expect(rubric.reference?.id).toBe('lab7');
    expect(Object.keys(createRegistry())).toContain('lab7');
    expect(rubric.metrics).toContain('balanced_accuracy');
  });

  it('uses the course environment of covid.yaml and says that no pretrained weights can be downloaded', () => {
    expect(rubric.environment).toEqual(covid.environment);
    expect(rubric.addendum).toMatch(/NO NETWORK/);
    expect(rubric.addendum).toMatch(/weights="imagenet"/);
    expect(rubric.files.required.map((f) => f.path)).toEqual(['train.py', 'predict.py', 'results/*transfer*comparison*.csv']);
  });
});
